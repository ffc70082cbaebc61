using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.FanOut;
using SseOrleans.FrontEnd.Wire;

namespace SseOrleans.Api.Tests.FanOut;

public sealed class FeedDeliveryTests
{
    [Fact]
    public void Each_delivery_reaches_exactly_the_subscribers_joined_and_not_left_before_it()
    {
        using var parts = new FanOutParts();
        var delivery = new FeedDelivery(parts.Counters, parts.Metrics);
        var herd = Enumerable.Range(0, 1000).Select(_ => new CountingSubscriber()).ToArray();
        foreach (var subscriber in herd)
        {
            delivery.Add(subscriber);
        }

        delivery.Deliver([Event(1)], comment: null);
        foreach (var subscriber in herd[..500])
        {
            Assert.True(delivery.Remove(subscriber));
        }

        Assert.False(delivery.Remove(herd[0]));
        var late = new CountingSubscriber();
        delivery.Add(late);
        delivery.Deliver([Event(2)], comment: null);

        Assert.Equal(501, delivery.Count);
        Assert.All(herd[..500], subscriber => Assert.Equal([1L], subscriber.Sequences));
        Assert.All(herd[500..], subscriber => Assert.Equal([1L, 2L], subscriber.Sequences));
        Assert.Equal([2L], late.Sequences);
        Assert.Equal(501, delivery.Subscribers.Length);
    }

    private static NamespaceEvent Event(long sequence) => new(new SseEventId(1, sequence), null, "d", "/");

    private sealed class CountingSubscriber : IFeedSubscriber
    {
        public List<long> Sequences { get; } = [];

        public void Deliver(NamespaceEvent[] events, EncodedBatch encoded, DeliveryTracker tracker)
        {
            Sequences.AddRange(events.Select(e => e.Id.Sequence));
            tracker.Written();
        }

        public void Close()
        {
        }
    }
}
