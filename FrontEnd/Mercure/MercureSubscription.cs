using System.Text.Json;
using SseOrleans.Abstractions;

namespace SseOrleans.FrontEnd.Mercure;

/// <summary>
/// One subscription: a subscriber's id, one of the selectors it gave (a subscriber with several selectors
/// has one subscription per selector, all with its id) and the <c>mercure.payload</c> of its token.
/// </summary>
internal sealed record MercureSubscription(string Selector, string Subscriber, JsonElement? Payload)
{
    /// <summary>Its id, which is also the topic of the events about it.</summary>
    public string Id => SubscriptionTopics.For(Selector, Subscriber);

    /// <summary>A subscription as the cluster's list holds it, its payload read back from its JSON.</summary>
    public static MercureSubscription From(MercureSubscriptionEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Payload is null)
        {
            return new MercureSubscription(entry.Selector, entry.Subscriber, null);
        }

        using var payload = JsonDocument.Parse(entry.Payload);
        return new MercureSubscription(entry.Selector, entry.Subscriber, payload.RootElement.Clone());
    }
}
