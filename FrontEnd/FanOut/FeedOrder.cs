using Microsoft.Extensions.Logging;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.Telemetry;

namespace SseOrleans.FrontEnd.FanOut;

/// <summary>
/// The order of one namespace's events on this front-end: what is delivered next, in id order and each event
/// once, written into the <see cref="IFeedDelivery"/> it was given. Synchronous, with no I/O and no tasks: the
/// feed's subscriptions hand it batches (<see cref="Offer"/>), a repair hands it history pages
/// (<see cref="TryNextRead"/>, <see cref="Apply"/>). Sequences have no holes within an epoch, so a batch that
/// does not follow the last delivered event shows that the stream lost something, as does a namespace whose
/// newest id is ahead of a quiet feed (<see cref="CatchUpTo"/>): then what comes is held (up to a page, beyond
/// which it is let go, since the history has it too) and a repair is due, which <see cref="FeedRepairs"/> runs.
/// Only the history can say that events are gone (its bounds dropped them, or it restarted in a new epoch):
/// then delivery goes on past the hole, behind a comment that says so (<see cref="GapNotice"/>). A batch that
/// follows the last delivered one (the hot path) costs one lock and a look at its first id.
/// </summary>
internal sealed class FeedOrder(string path, IFeedDelivery delivery, int pageChars, SseMetrics metrics, ILogger logger)
{
    // After a resubscription two subscriptions may deliver at once, and a repair delivers from its own thread.
    private readonly Lock _gate = new();
    private readonly HeldBatches _held = new(pageChars);
    private readonly NamespacePromise _promise = new();
    private readonly DeliveryCursor _cursor = new(path, delivery, metrics, logger);
    private State _state;
    private long _deliveriesAtCheck;

    private enum State
    {
        Following, // delivering what follows as it comes
        Repairing, // a repair is due or running: batches are held until it has filled the hole
        Stopped, // the feed is released: nothing more is delivered
    }

    public string Namespace => path;

    /// <summary>The most data it holds, or is handed as one batch.</summary>
    public int PageChars => pageChars;

    /// <summary>
    /// Batches delivered so far. Read before asking the namespace for its newest id, and handed to
    /// <see cref="CatchUpTo"/> with the answer, which so knows whether the stream delivered meanwhile.
    /// </summary>
    public long DeliveryMark => _cursor.Deliveries;

    /// <summary>Where the feed starts: the namespace's newest id, read before subscribing; every later event is this feed's.</summary>
    public void Begin(SseEventId newest)
    {
        lock (_gate)
        {
            _cursor.Begin(newest);
        }
    }

    /// <summary>A batch from the stream: delivered at once when it follows, else held. True when a repair is now due.</summary>
    public bool Offer(NamespaceEvent[] batch)
    {
        lock (_gate)
        {
            if (_state == State.Stopped)
            {
                return false;
            }

            var events = _cursor.Position.Undelivered(batch);
            if (events.Length == 0)
            {
                return false;
            }

            if (_state == State.Following && _cursor.Position.Follows(events[0].Id))
            {
                _cursor.Deliver(events);
                return false;
            }

            if (_held.Hold(events) is { } letGo)
            {
                _promise.Raise(letGo);
            }

            return RepairDueLocked();
        }
    }

    /// <summary>
    /// The namespace's newest id, answered to a call made when <see cref="DeliveryMark"/> was
    /// <paramref name="mark"/>. True when a repair is now due: the feed is behind it and the stream delivered
    /// nothing meanwhile. A stream that is delivering shows its holes by sequence, and what it has in flight
    /// would only be read twice; a quiet one can only be asked.
    /// </summary>
    public bool CatchUpTo(SseEventId newest, long mark)
    {
        lock (_gate)
        {
            if (_state == State.Stopped || newest == default || _cursor.Position.Last is null || _cursor.Position.Includes(newest)
                || _promise.IsUnreachable(newest))
            {
                return false;
            }

            if (_state == State.Following && _cursor.Deliveries != mark)
            {
                return false;
            }

            _promise.Raise(newest);
            return RepairDueLocked();
        }
    }

    /// <summary>
    /// True when the feed delivered nothing since the previous call and is not repairing: a quiet stream,
    /// whose lost last event only its namespace can reveal. For the gap check's rounds only.
    /// </summary>
    public bool TakeIdle()
    {
        lock (_gate)
        {
            var deliveries = _cursor.Deliveries;
            var idle = deliveries == _deliveriesAtCheck && _state == State.Following;
            _deliveriesAtCheck = deliveries;
            return idle;
        }
    }

    /// <summary>
    /// For the repair: delivers the held batches that now follow, then says what to read next. False when
    /// nothing is missing any more (or the feed was released): the repair is over.
    /// </summary>
    public bool TryNextRead(out HistoryRead read)
    {
        lock (_gate)
        {
            if (_state != State.Stopped)
            {
                _cursor.DeliverFollowing(_held);
            }

            if (_state == State.Stopped || !HasGapLocked())
            {
                EndRepairLocked();
                read = default;
                return false;
            }

            read = new HistoryRead(_cursor.Position.Last.GetValueOrDefault(), _promise.Id, _held.LastNumber);
            return true;
        }
    }

    /// <summary>
    /// For the repair: delivers what the history page read for <paramref name="read"/> adds. Returns how many
    /// events of the page it delivered, or null when the history has nothing new although the stream (or the
    /// grain) showed more: it lags, and is read again a little later.
    /// </summary>
    public int? Apply(EventReplay page, HistoryRead read)
    {
        lock (_gate)
        {
            return _state == State.Stopped ? 0 : ApplyLocked(page, read);
        }
    }

    /// <summary>
    /// For a repair that gave up, or was stopped with the feed or the host: the promise is void, nothing held is
    /// delivered, and the subscribers are closed with nothing past the hole sent, so that clients reconnect with
    /// the last event they have and replay.
    /// </summary>
    public void GiveUp()
    {
        lock (_gate)
        {
            _promise.Break(_promise.Id);
            EndRepairLocked();
        }

        delivery.Close();
    }

    /// <summary>The feed is released: nothing more is delivered, and a repair ends at its next step.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            _state = State.Stopped;
        }
    }

    private bool RepairDueLocked()
    {
        if (_state != State.Following)
        {
            return false;
        }

        _state = State.Repairing;
        return true;
    }

    private void EndRepairLocked()
    {
        if (_state == State.Repairing)
        {
            _state = State.Following;
        }

        _held.Clear();
    }

    private bool HasGapLocked()
    {
        var promised = _promise.Pending(_cursor.Position); // a kept promise is dropped
        return _held.Count > 0 || promised;
    }

    private int? ApplyLocked(EventReplay page, HistoryRead read)
    {
        var complete = page.Completeness == ReplayCompleteness.Complete;
        if (!complete)
        {
            // The history says events after the last delivered are gone (its bounds dropped them, or it
            // restarted). Held events older than what it still has reached the stream before they were
            // dropped: they come first.
            _cursor.DeliverEarliest(_held, read.HeldBefore, page.Events.Length > 0 ? page.Events[0].Id : null);
        }

        var events = _cursor.Position.Undelivered(page.Events);
        if (events.Length > 0)
        {
            _cursor.Deliver(events);
            return events.Length;
        }

        if (complete)
        {
            var expected = _held.HoldsUndelivered(read.HeldBefore, _cursor.Position)
                || (read.Promised != default && !_cursor.Position.Includes(read.Promised));

            // Without such an expectation only batches held during the read are left: read again at once.
            return expected ? null : 0;
        }

        // Nothing retained after the hole: what was held before the read goes on past it (an event is in
        // the history before it is on the stream, so the history had those), and the promise is void.
        _cursor.DeliverEarliest(_held, read.HeldBefore, before: null);
        _promise.Break(read.Promised);
        return 0;
    }
}
