using System.Security.Claims;
using System.Text.Json;

namespace SseOrleans.FrontEnd.Authorization;

/// <summary>
/// The grants a caller's claims hold, in the shapes Mercure hubs accept: the <c>mercure</c> claim of
/// Mercure 0.x (<c>{"mercure": {"subscribe": [...], "publish": [...]}}</c>, selectors as strings or as
/// <c>{"match": ...}</c>) and the <c>authorization_details</c> entries of Mercure 1.0
/// (<c>{"type": "https://mercure.rocks/authorization-detail", "actions": [...], "topics": [{"match": ...}]}</c>).
/// Each selector is read with <see cref="NamespaceGrant.TryParse"/>; one that is not a namespace (a URL, a
/// template, a <c>urlpattern</c> match) grants nothing, and the rest of the token still counts.
/// </summary>
internal static class MercureClaims
{
    public const string ClaimType = "mercure";
    public const string DetailsClaimType = "authorization_details";
    public const string DetailType = "https://mercure.rocks/authorization-detail";

    /// <summary>True when a claim of an authenticated identity of <paramref name="user"/> grants <paramref name="operation"/> on <paramref name="path"/>.</summary>
    public static bool Allow(ClaimsPrincipal user, NamespaceOperation operation, string path)
    {
        foreach (var identity in user.Identities)
        {
            if (!identity.IsAuthenticated)
            {
                continue;
            }

            foreach (var claim in identity.Claims)
            {
                if ((claim.Type == ClaimType && ClaimAllows(claim.Value, operation, path))
                    || (claim.Type == DetailsClaimType && DetailsAllow(claim.Value, operation, path)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The JSON of a <c>mercure</c> claim that grants <paramref name="publish"/> and <paramref name="subscribe"/>.</summary>
    public static string Json(IEnumerable<string> publish, IEnumerable<string> subscribe) =>
        JsonSerializer.Serialize(new Dictionary<string, IEnumerable<string>> { ["publish"] = publish, ["subscribe"] = subscribe });

    private static bool ClaimAllows(string json, NamespaceOperation operation, string path)
    {
        using var document = Parse(json);
        return document is not null
            && document.RootElement.ValueKind == JsonValueKind.Object
            && document.RootElement.TryGetProperty(operation == NamespaceOperation.Subscribe ? "subscribe" : "publish", out var selectors)
            && AnyCovers(selectors, path);
    }

    // One claim per array element (how JSON Web Token handlers split an array claim), or the whole array.
    private static bool DetailsAllow(string json, NamespaceOperation operation, string path)
    {
        using var document = Parse(json);
        if (document is null)
        {
            return false;
        }

        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Array)
        {
            foreach (var detail in root.EnumerateArray())
            {
                if (DetailAllows(detail, operation, path))
                {
                    return true;
                }
            }

            return false;
        }

        return DetailAllows(root, operation, path);
    }

    private static bool DetailAllows(JsonElement detail, NamespaceOperation operation, string path)
    {
        if (detail.ValueKind != JsonValueKind.Object
            || !detail.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != DetailType
            || !detail.TryGetProperty("actions", out var actions) || actions.ValueKind != JsonValueKind.Array
            || !detail.TryGetProperty("topics", out var topics))
        {
            return false;
        }

        var action = operation == NamespaceOperation.Subscribe ? "subscribe" : "publish";
        foreach (var candidate in actions.EnumerateArray())
        {
            if (candidate.ValueKind == JsonValueKind.String && candidate.GetString() == action)
            {
                return AnyCovers(topics, path);
            }
        }

        return false;
    }

    private static bool AnyCovers(JsonElement selectors, string path)
    {
        if (selectors.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        foreach (var selector in selectors.EnumerateArray())
        {
            if (NamespaceGrant.TryParse(Selector(selector), out var grant) && NamespaceGrant.Covers(grant, path))
            {
                return true;
            }
        }

        return false;
    }

    // A string, or {"match": "...", "match_type": "exact"}; a urlpattern is not a namespace.
    private static string? Selector(JsonElement selector)
    {
        if (selector.ValueKind == JsonValueKind.String)
        {
            return selector.GetString();
        }

        if (selector.ValueKind != JsonValueKind.Object
            || !selector.TryGetProperty("match", out var match) || match.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        return !selector.TryGetProperty("match_type", out var matchType)
            || (matchType.ValueKind == JsonValueKind.String && matchType.GetString() == "exact")
            ? match.GetString()
            : null;
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
