using SseOrleans.Abstractions;

namespace SseOrleans.FrontEnd.FanOut;

/// <summary>
/// How far a feed has delivered: the id of its last event (none before the feed began) and the epoch it
/// left before the current one, whose late events (an older subscription's) are old, not new. Sequences
/// have no holes within an epoch, so this alone says of any id whether it was delivered and whether it
/// comes next.
/// </summary>
internal readonly record struct DeliveredPosition(SseEventId? Last, long LeftEpoch)
{
    /// <summary>True when the event <paramref name="id"/> was delivered already.</summary>
    public bool Includes(SseEventId id)
    {
        var last = Last.GetValueOrDefault();
        return id.Epoch == last.Epoch ? id.Sequence <= last.Sequence : id.Epoch == LeftEpoch;
    }

    /// <summary>
    /// True when <paramref name="id"/> leaves nothing out that a history could give: the next event of the
    /// epoch, or the first of a new one.
    /// </summary>
    public bool Follows(SseEventId id) =>
        Last is not { } last || (id.Epoch == last.Epoch ? id.Sequence == last.Sequence + 1 : id.Sequence == 1);

    /// <summary>True when <paramref name="id"/> comes before <paramref name="other"/>: the current epoch before a newer one.</summary>
    public bool Earlier(SseEventId id, SseEventId other)
    {
        var epoch = Last.GetValueOrDefault().Epoch;
        return (id.Epoch == epoch) != (other.Epoch == epoch) ? id.Epoch == epoch : id < other;
    }

    /// <summary>
    /// What of <paramref name="events"/> is not delivered yet. A batch (and a history page) is consecutive
    /// events of one epoch, so what was delivered is a prefix; most often there is none, and nothing is copied.
    /// </summary>
    public NamespaceEvent[] Undelivered(NamespaceEvent[] events)
    {
        if (Last is null || events.Length == 0 || !Includes(events[0].Id))
        {
            return events;
        }

        var skip = 1;
        while (skip < events.Length && Includes(events[skip].Id))
        {
            skip++;
        }

        return skip == events.Length ? [] : events[skip..];
    }

    /// <summary>The position once <paramref name="events"/> are delivered.</summary>
    public DeliveredPosition Past(NamespaceEvent[] events)
    {
        var epoch = events[0].Id.Epoch;
        var left = Last is { Epoch: not 0 } previous && previous.Epoch != epoch ? previous.Epoch : LeftEpoch;
        return new DeliveredPosition(events[^1].Id, left);
    }
}
