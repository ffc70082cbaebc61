using SseOrleans.Abstractions;

namespace SseOrleans.FrontEnd.FanOut;

/// <summary>
/// The batches a feed's ordering holds while a repair reads the history: numbered as they arrive, so that a
/// repair can tell those held before its read from those that came during it, and never more than a page
/// of data (<paramref name="pageChars"/>).
/// </summary>
internal sealed class HeldBatches(int pageChars)
{
    private readonly List<Held> _held = [];
    private int _chars;

    /// <summary>The number of the latest batch held: a repair notes it before it reads.</summary>
    public long LastNumber { get; private set; }

    public int Count => _held.Count;

    /// <summary>
    /// Holds <paramref name="events"/>. When that would make more than a page, what was held is let go first
    /// and the newest id of it returned: the history has those events too (an event is in the history before
    /// it is on the stream), so a repair reads on to that id.
    /// </summary>
    public SseEventId? Hold(NamespaceEvent[] events)
    {
        var chars = 0;
        foreach (var item in events)
        {
            chars += item.Data.Length;
        }

        SseEventId? letGo = null;
        if (_held.Count > 0 && _chars + chars > pageChars)
        {
            foreach (var held in _held)
            {
                if (letGo is not { } newest || held.Events[^1].Id > newest)
                {
                    letGo = held.Events[^1].Id;
                }
            }

            Clear();
        }

        _held.Add(new Held(events, chars, ++LastNumber));
        _chars += chars;
        return letGo;
    }

    /// <summary>
    /// Takes the held batch that now follows <paramref name="delivered"/> (in id order, whatever order the
    /// batches arrived in), without what of it was delivered meanwhile; batches delivered whole are dropped.
    /// Null when none follows.
    /// </summary>
    public NamespaceEvent[]? TakeFollowing(DeliveredPosition delivered)
    {
        for (var index = 0; index < _held.Count;)
        {
            var events = delivered.Undelivered(_held[index].Events);
            if (events.Length > 0 && !delivered.Follows(events[0].Id))
            {
                index++;
                continue;
            }

            RemoveAt(index);
            if (events.Length > 0)
            {
                return events;
            }
        }

        return null;
    }

    /// <summary>
    /// Takes, past any hole, the batch that comes first (the current epoch before a newer one) among those
    /// numbered up to <paramref name="heldBefore"/> that are not delivered whole, if it comes before
    /// <paramref name="before"/> (or there is no such limit). Null when there is none.
    /// </summary>
    public NamespaceEvent[]? TakeEarliest(long heldBefore, DeliveredPosition delivered, SseEventId? before)
    {
        var earliest = IndexOfEarliest(heldBefore, delivered);
        if (earliest < 0)
        {
            return null;
        }

        var events = delivered.Undelivered(_held[earliest].Events);
        if (before is { } limit && !delivered.Earlier(events[0].Id, limit))
        {
            return null;
        }

        RemoveAt(earliest);
        return events;
    }

    /// <summary>True when a batch numbered up to <paramref name="heldBefore"/> is not delivered whole.</summary>
    public bool HoldsUndelivered(long heldBefore, DeliveredPosition delivered) => IndexOfEarliest(heldBefore, delivered) >= 0;

    public void Clear()
    {
        _held.Clear();
        _chars = 0;
    }

    private void RemoveAt(int index)
    {
        _chars -= _held[index].Chars;
        _held.RemoveAt(index);
    }

    private int IndexOfEarliest(long heldBefore, DeliveredPosition delivered)
    {
        var earliest = -1;
        for (var index = 0; index < _held.Count; index++)
        {
            var held = _held[index];
            if (held.Number > heldBefore || delivered.Includes(held.Events[^1].Id))
            {
                continue;
            }

            if (earliest < 0 || delivered.Earlier(held.Events[0].Id, _held[earliest].Events[0].Id))
            {
                earliest = index;
            }
        }

        return earliest;
    }

    private readonly record struct Held(NamespaceEvent[] Events, int Chars, long Number);
}
