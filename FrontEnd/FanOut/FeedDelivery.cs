using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.Telemetry;
using SseOrleans.FrontEnd.Wire;

namespace SseOrleans.FrontEnd.FanOut;

/// <summary>
/// A feed's subscribers, and how its events reach them: each batch is encoded once and the same bytes go to
/// every subscriber; the counts and the delivery time are recorded here, once per batch. Deliveries read an
/// array of the subscribers without a lock; a join or a leave only marks it stale, and the next delivery
/// makes it again, so a herd of joins costs one copy, not one per join (each copying all the others).
/// </summary>
internal sealed class FeedDelivery(SseCounters counters, SseMetrics metrics) : IFeedDelivery
{
    private readonly Lock _gate = new();
    private readonly HashSet<IFeedSubscriber> _members = new(ReferenceEqualityComparer.Instance);
    private IFeedSubscriber[]? _subscribers = [];

    public IFeedSubscriber[] Subscribers => Volatile.Read(ref _subscribers) ?? Snapshot();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _members.Count;
            }
        }
    }

    public void Add(IFeedSubscriber subscriber)
    {
        lock (_gate)
        {
            _members.Add(subscriber);
            Volatile.Write(ref _subscribers, null);
        }
    }

    public bool Remove(IFeedSubscriber subscriber)
    {
        lock (_gate)
        {
            if (!_members.Remove(subscriber))
            {
                return false;
            }

            Volatile.Write(ref _subscribers, null);
            return true;
        }
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

    private IFeedSubscriber[] Snapshot()
    {
        lock (_gate)
        {
            return _subscribers ??= [.. _members];
        }
    }
}
