using Microsoft.Extensions.Logging;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.Telemetry;

namespace SseOrleans.FrontEnd.FanOut;

/// <summary>
/// The delivering end of a feed's <see cref="FeedOrder"/>: how far it has got, and the writing of what comes
/// next into the feed's <see cref="IFeedDelivery"/>, behind the notice of any hole it goes past
/// (<see cref="GapNotice"/>). Used under the ordering's lock only.
/// </summary>
internal sealed class DeliveryCursor(string path, IFeedDelivery delivery, SseMetrics metrics, ILogger logger)
{
    private long _deliveries;

    public DeliveredPosition Position { get; private set; }

    /// <summary>Batches delivered so far; counted under the ordering's lock, read without it.</summary>
    public long Deliveries => Interlocked.Read(ref _deliveries);

    /// <summary>Starts after <paramref name="newest"/>, unless the feed has delivered already.</summary>
    public void Begin(SseEventId newest)
    {
        if (Position.Last is null)
        {
            Position = Position with { Last = newest };
        }
    }

    /// <summary>Delivers <paramref name="events"/>, which come after what was delivered.</summary>
    public void Deliver(NamespaceEvent[] events)
    {
        var first = events[0].Id;
        var comment = Position.Last is { } last && (first.Epoch != last.Epoch || first.Sequence != last.Sequence + 1)
            ? GapNotice.Describe(path, last, first, metrics, logger)
            : null;
        Position = Position.Past(events);
        _deliveries++;
        delivery.Deliver(events, comment);
    }

    /// <summary>Delivers the held batches that now follow, in id order whatever order they arrived in.</summary>
    public void DeliverFollowing(HeldBatches held)
    {
        while (held.TakeFollowing(Position) is { } events)
        {
            Deliver(events);
        }
    }

    /// <summary>
    /// Delivers, past any hole, the batches held by number <paramref name="heldBefore"/> that come before
    /// <paramref name="before"/> (all of them without it), in id order, each followed by what then follows it.
    /// </summary>
    public void DeliverEarliest(HeldBatches held, long heldBefore, SseEventId? before)
    {
        while (held.TakeEarliest(heldBefore, Position, before) is { } events)
        {
            Deliver(events);
            DeliverFollowing(held);
        }
    }
}
