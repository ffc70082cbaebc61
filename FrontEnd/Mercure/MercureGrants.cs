using System.Security.Claims;
using System.Text.Json;
using SseOrleans.FrontEnd.Authorization;

namespace SseOrleans.FrontEnd.Mercure;

/// <summary>
/// What a caller's token grants on the Mercure endpoint, read from the claims of its authenticated
/// identities: <c>mercure.publish</c> (topics it may publish to: every topic of an update must match one),
/// <c>mercure.subscribe</c> (topics whose private updates it may receive, and the subscriptions API paths it
/// may read) and <c>mercure.payload</c> (shown in its subscription events). Selectors are read as Mercure
/// 0.24 reads them: a string is exact-or-template; an object <c>{"match": ...}</c> (Mercure 1.0) is exact,
/// and one with another <c>match_type</c> matches nothing. The claim <c>https://mercure.rocks/</c>, when
/// present, stands for <c>mercure</c> (as in Mercure); Mercure 1.0's <c>authorization_details</c> add their
/// topics to the action they name. <see cref="Publish"/> is null when no claim mentions publishing at all,
/// which is refused differently from an empty list.
/// </summary>
internal sealed record MercureGrants(TopicSelectorSet? Publish, TopicSelectorSet Subscribe, JsonElement? Payload)
{
    public const string NamespacedClaimType = "https://mercure.rocks/";

    public static MercureGrants None { get; } = new(null, TopicSelectorSet.Empty, null);

    public static MercureGrants From(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        List<TopicSelector>? publish = null;
        var subscribe = new List<TopicSelector>();
        JsonElement? payload = null;
        foreach (var identity in user.Identities)
        {
            if (!identity.IsAuthenticated)
            {
                continue;
            }

            var mercure = identity.FindFirst(NamespacedClaimType) ?? identity.FindFirst(MercureClaims.ClaimType);
            if (mercure is not null && Parse(mercure.Value) is { RootElement.ValueKind: JsonValueKind.Object } document)
            {
                using (document)
                {
                    var root = document.RootElement;
                    if (root.TryGetProperty("publish", out var selectors))
                    {
                        AddSelectors(publish ??= [], selectors);
                    }

                    if (root.TryGetProperty("subscribe", out selectors))
                    {
                        AddSelectors(subscribe, selectors);
                    }

                    if (payload is null && root.TryGetProperty("payload", out var value))
                    {
                        payload = value.Clone();
                    }
                }
            }

            foreach (var detail in identity.FindAll(MercureClaims.DetailsClaimType))
            {
                AddDetails(detail.Value, ref publish, subscribe);
            }
        }

        return new MercureGrants(publish is null ? null : TopicSelectorSet.Of(publish), TopicSelectorSet.Of(subscribe), payload);
    }

    // A string is exact-or-template (Mercure 0.24) unless it comes from authorization_details (Mercure 1.0).
    private static void AddSelectors(List<TopicSelector> into, JsonElement selectors, bool stringsAreExact = false)
    {
        if (selectors.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var selector in selectors.EnumerateArray())
        {
            if (selector.ValueKind == JsonValueKind.String)
            {
                var raw = selector.GetString()!;
                into.Add(stringsAreExact ? TopicSelector.ParseExact(raw) : TopicSelector.Parse(raw));
            }
            else if (selector.ValueKind == JsonValueKind.Object
                && selector.TryGetProperty("match", out var match) && match.ValueKind == JsonValueKind.String
                && (!selector.TryGetProperty("match_type", out var type) || (type.ValueKind == JsonValueKind.String && type.GetString() == "exact")))
            {
                into.Add(TopicSelector.ParseExact(match.GetString()!));
            }
        }
    }

    // One claim per array element (how JSON Web Token handlers split an array claim), or the whole array.
    private static void AddDetails(string json, ref List<TopicSelector>? publish, List<TopicSelector> subscribe)
    {
        using var document = Parse(json);
        if (document is null)
        {
            return;
        }

        var root = document.RootElement;
        foreach (var detail in root.ValueKind == JsonValueKind.Array ? root.EnumerateArray().ToArray() : [root])
        {
            if (detail.ValueKind != JsonValueKind.Object
                || !detail.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != MercureClaims.DetailType
                || !detail.TryGetProperty("actions", out var actions) || actions.ValueKind != JsonValueKind.Array
                || !detail.TryGetProperty("topics", out var topics))
            {
                continue;
            }

            foreach (var action in actions.EnumerateArray())
            {
                if (action.ValueKind != JsonValueKind.String)
                {
                    continue;
                }

                if (action.GetString() == "publish")
                {
                    AddSelectors(publish ??= [], topics, stringsAreExact: true);
                }
                else if (action.GetString() == "subscribe")
                {
                    AddSelectors(subscribe, topics, stringsAreExact: true);
                }
            }
        }
    }

    private static JsonDocument? Parse(string json)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
