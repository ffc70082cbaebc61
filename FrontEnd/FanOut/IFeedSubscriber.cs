using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.Wire;

namespace SseOrleans.FrontEnd.FanOut;

/// <summary>
/// What a feed's <see cref="FeedDelivery"/> hands events to, in id order and each once: an
/// <see cref="SseConnection"/>, which writes the shared encoding as it is, or another kind of subscriber
/// that needs the events themselves (say, one that filters them and encodes them again for connections of
/// its own). Called on the feed's delivery path: it takes the batch and returns, it never waits.
/// </summary>
internal interface IFeedSubscriber
{
    /// <summary>
    /// Takes <paramref name="events"/>, which <paramref name="encoded"/> holds encoded once for every subscriber
    /// (behind any comment the feed has for its clients), and calls <see cref="DeliveryTracker.Written"/> once
    /// when it has written them or dropped them.
    /// </summary>
    void Deliver(NamespaceEvent[] events, EncodedBatch encoded, DeliveryTracker tracker);

    /// <summary>Ends the subscription after what it has taken, so that its clients reconnect and replay.</summary>
    void Close();
}
