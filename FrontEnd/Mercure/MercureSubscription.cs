using System.Text.Json;

namespace SseOrleans.FrontEnd.Mercure;

/// <summary>
/// One subscription: a subscriber's id, one of the selectors it gave (a subscriber with several selectors
/// has one subscription per selector, all with its id) and the <c>mercure.payload</c> of its token.
/// </summary>
internal sealed record MercureSubscription(string Selector, string Subscriber, JsonElement? Payload)
{
    /// <summary>Its id, which is also the topic of the events about it.</summary>
    public string Id => SubscriptionTopics.For(Selector, Subscriber);
}
