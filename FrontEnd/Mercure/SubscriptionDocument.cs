using System.Text.Json;
using System.Text.Json.Serialization;

namespace SseOrleans.FrontEnd.Mercure;

/// <summary>
/// A subscription as JSON-LD in the subscriptions API (with <c>@context</c> and <c>lastEventID</c> when it is the
/// whole answer, with neither inside a collection); the same document as the data of its events
/// (<see cref="Abstractions.MercureSubscriptionEntry.EventData"/>).
/// </summary>
internal sealed record SubscriptionDocument(
    [property: JsonPropertyName("@context"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Context,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("topic")] string Topic,
    [property: JsonPropertyName("subscriber")] string Subscriber,
    [property: JsonPropertyName("active")] bool Active,
    [property: JsonPropertyName("payload"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Payload,
    [property: JsonPropertyName("lastEventID"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? LastEventId)
{
    /// <summary>The JSON-LD context of every Mercure document.</summary>
    public const string JsonLdContext = "https://mercure.rocks/";

    public const string MediaType = "application/ld+json";

    /// <summary>The subscriptions API's answer for one subscription.</summary>
    public static string Single(MercureSubscription subscription, string lastEventId) =>
        JsonSerializer.Serialize(Of(subscription, active: true, JsonLdContext, lastEventId), MercureJsonContext.Default.SubscriptionDocument);

    /// <summary>A subscription as an entry of a collection: no context or last event id of its own.</summary>
    public static SubscriptionDocument InCollection(MercureSubscription subscription) =>
        Of(subscription, active: true, context: null, lastEventId: null);

    // A payload of JSON null is no payload, as in Mercure.
    private static SubscriptionDocument Of(MercureSubscription subscription, bool active, string? context, string? lastEventId) =>
        new(context, subscription.Id, "Subscription", subscription.Selector, subscription.Subscriber, active,
            subscription.Payload is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } payload ? payload : null,
            lastEventId);
}
