using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.Telemetry;
using SseOrleans.FrontEnd.Wire;

namespace SseOrleans.FrontEnd.FanOut;

/// <summary>
/// A feed's subscribers, and how its events reach them: each batch is encoded once and the same bytes go to
/// every subscriber; the counts and the delivery time are recorded here, once per batch. The subscribers are
/// an array replaced when one joins or leaves, so a delivery reads them without a lock.
/// </summary>
internal sealed class FeedDelivery(SseCounters counters, SseMetrics metrics) : IFeedDelivery
{
    private IFeedSubscriber[] _subscribers = [];

    public IFeedSubscriber[] Subscribers => Volatile.Read(ref _subscribers);

    public int Count => Subscribers.Length;

    // Add and Remove run under the hub's lock; readers see a consistent array without locking.
    public void Add(IFeedSubscriber subscriber) => Volatile.Write(ref _subscribers, [.. _subscribers, subscriber]);

    public bool Remove(IFeedSubscriber subscriber)
    {
        var index = Array.IndexOf(_subscribers, subscriber);
        if (index < 0)
        {
            return false;
        }

        Volatile.Write(ref _subscribers, [.. _subscribers.AsSpan(0, index), .. _subscribers.AsSpan(index + 1)]);
        return true;
    }

    public void Deliver(NamespaceEvent[] events, string? comment)
    {
        var subscribers = Subscribers;
        if (subscribers.Length > 0)
        {
            var encoded = EncodedBatch.Encode(events, comment);
            var tracker = new DeliveryTracker(subscribers.Length, metrics);
            foreach (var subscriber in subscribers)
            {
                subscriber.Deliver(events, encoded, tracker);
            }
        }

        counters.Broadcast(events.Length, subscribers.Length);
    }

    public void Close()
    {
        foreach (var subscriber in Subscribers)
        {
            subscriber.Close();
        }
    }
}
