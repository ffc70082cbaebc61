using System.Text.Json;
using System.Text.Json.Serialization;

namespace SseOrleans.FrontEnd.Mercure;

/// <summary>
/// The subscriptions API's answer for a collection: <c>id</c> is the URL that was asked for,
/// <c>lastEventID</c> the id of the newest subscription event at the time (<c>earliest</c> when there is
/// none), for a client that then subscribes to the events from there.
/// </summary>
internal sealed record SubscriptionCollection(
    [property: JsonPropertyName("@context")] string Context,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("lastEventID")] string LastEventId,
    [property: JsonPropertyName("subscriptions")] IReadOnlyList<SubscriptionDocument> Subscriptions)
{
    public static string Json(string requestPath, string lastEventId, IEnumerable<MercureSubscription> subscriptions) =>
        JsonSerializer.Serialize(
            new SubscriptionCollection(SubscriptionDocument.JsonLdContext, requestPath, "Subscriptions", lastEventId,
                subscriptions.Select(SubscriptionDocument.InCollection).ToList()),
            MercureJsonContext.Default.SubscriptionCollection);
}
