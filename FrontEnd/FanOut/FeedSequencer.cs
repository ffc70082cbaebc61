using SseOrleans.Abstractions;

namespace SseOrleans.FrontEnd.FanOut;

/// <summary>
/// Puts what one feed delivers in id order, each event once, with no hole that the history can fill: the
/// stream is the fast path, the namespace's history the truth. Sequences have no holes within an epoch, so a
/// batch that does not follow the last delivered event shows that the stream lost something, and so does a
/// namespace whose newest id is ahead of a quiet feed (<see cref="CatchUpTo"/>). Then a repair, this feed's
/// own background work and one at a time, reads the missing events from the history page by page and
/// delivers them, then what the stream brought meanwhile: held up to a page, and beyond that let go, because
/// the history has it too and the repair reads on to it.
/// </summary>
/// <remarks>
/// Only the history can say that events are gone (its bounds dropped them, or it restarted in a new epoch):
/// then delivery goes on past the hole, behind a comment that says so. A history that cannot be read, or that
/// lacks what its stream already showed, is retried with backoff until <see cref="SseOptions.ResubscribeTimeout"/>;
/// then the namespace's connections are closed with nothing past the hole sent, so clients reconnect and replay
/// from the last event they have. A batch that follows the last delivered one (the hot path) costs what it did
/// before: one lock and a look at its first id.
/// </remarks>
internal sealed class FeedSequencer(NamespaceFeed feed, FeedServices services)
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(2);

    // After a resubscription two subscriptions may deliver at once; the repair delivers from its own thread.
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _stopping = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<Held> _held = [];
    private SseEventId? _lastDelivered;

    // The epoch delivered before the current one: its late events (an older subscription's) are old, not new.
    private long _leftEpoch;

    // The namespace has at least this id (a grain said so, or held batches were let go): a repair reads on to it.
    private SseEventId _promised;

    // A promise the history could not keep: not asked for again, or every check would repeat the same reads.
    private SseEventId _unreachable;
    private long _heldCount;
    private int _heldChars;
    private long _deliveries;
    private long _deliveriesAtCheck;
    private Task? _repair;
    private bool _stopped;

    /// <summary>
    /// Batches delivered so far. A caller reads it before asking the namespace for its newest id and passes it
    /// to <see cref="CatchUpTo"/>, which so knows whether the stream delivered meanwhile.
    /// </summary>
    public long DeliveryMark => Interlocked.Read(ref _deliveries);

    /// <summary>The repair running now; a completed task when there is none. It never fails.</summary>
    public Task Repairing
    {
        get
        {
            lock (_gate)
            {
                return _repair ?? Task.CompletedTask;
            }
        }
    }

    /// <summary>
    /// Where the feed starts: the namespace's newest id, read before subscribing. Every later event is this
    /// feed's to deliver, the first ones included should the stream lose them.
    /// </summary>
    public void Begin(SseEventId newest)
    {
        lock (_gate)
        {
            _lastDelivered ??= newest;
        }
    }

    /// <summary>A batch from the stream: delivered at once when it follows, else held and repaired.</summary>
    public void OnBatch(NamespaceEvent[] batch)
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            var events = Undelivered(batch);
            if (events.Length == 0)
            {
                return;
            }

            if (_repair is null && Follows(events[0].Id))
            {
                DeliverLocked(events);
                return;
            }

            HoldLocked(events);
            StartRepairLocked();
        }
    }

    /// <summary>
    /// True when the feed delivered nothing since the previous call and is not repairing: a quiet stream,
    /// whose lost last event only its namespace can reveal. Called by the one gap check only.
    /// </summary>
    public bool TakeIdle()
    {
        lock (_gate)
        {
            var idle = _deliveries == _deliveriesAtCheck && _repair is null && !_stopped;
            _deliveriesAtCheck = _deliveries;
            return idle;
        }
    }

    /// <summary>
    /// The namespace's newest id, answered to a call made when <see cref="DeliveryMark"/> was
    /// <paramref name="mark"/>. A repair starts when the feed is behind it and the stream delivered nothing
    /// meanwhile: a stream that is delivering shows its holes by sequence, and what it has in flight would
    /// only be read twice; a quiet one can only be asked.
    /// </summary>
    public void CatchUpTo(SseEventId newest, long mark)
    {
        lock (_gate)
        {
            if (_stopped || newest == default || _lastDelivered is not { } last || IsDelivered(newest, last)
                || (newest.Epoch == _unreachable.Epoch && newest.Sequence <= _unreachable.Sequence))
            {
                return;
            }

            if (_repair is null && _deliveries != mark)
            {
                return;
            }

            Promise(newest);
            StartRepairLocked();
        }
    }

    /// <summary>The feed is released: no more deliveries, and a repair in progress stops (awaited here).</summary>
    public async Task StopAsync()
    {
        Task? repair;
        lock (_gate)
        {
            _stopped = true;
            repair = _repair;
        }

        _stopping.TrySetResult();
        if (repair is not null)
        {
            await repair;
        }
    }

    private void StartRepairLocked()
    {
        if (_repair is null && !_stopped)
        {
            // Off the stream's delivery, which must return at once; the repair waits for this lock to start.
            _repair = Task.Run(RepairAsync);
        }
    }

    private async Task RepairAsync()
    {
        var started = services.Time.GetTimestamp();
        var repaired = 0;
        var attempt = 0;
        var delay = FirstRetryDelay;
        long? failingSince = null;
        SseEventId from;
        lock (_gate)
        {
            from = _lastDelivered.GetValueOrDefault();
        }

        try
        {
            while (true)
            {
                SseEventId after;
                SseEventId promised;
                long heldBefore;
                lock (_gate)
                {
                    if (!_stopped)
                    {
                        DrainLocked();
                    }

                    if (_stopped || !HasGapLocked())
                    {
                        EndRepairLocked();
                        break;
                    }

                    after = _lastDelivered.GetValueOrDefault();
                    promised = _promised;
                    heldBefore = _heldCount;
                }

                var read = ReadAsync(after);
                if (await Task.WhenAny(read, _stopping.Task) != read)
                {
                    continue; // released: the loop ends at its top
                }

                Exception? failure = null;
                int? delivered = null;
                if (read.IsCompletedSuccessfully)
                {
                    lock (_gate)
                    {
                        delivered = _stopped ? 0 : ApplyLocked(read.Result, heldBefore, promised);
                    }
                }
                else
                {
                    failure = read.Exception?.InnerException ?? read.Exception;
                }

                if (delivered is { } count)
                {
                    repaired += count;
                    failingSince = null;
                    delay = FirstRetryDelay;
                    continue;
                }

                // The cluster is failing over (or the history lags its stream): try again a little later,
                // as long as clients would rather wait than reconnect.
                failingSince ??= services.Time.GetTimestamp();
                if (services.Time.GetElapsedTime(failingSince.Value) + delay >= services.Options.ResubscribeTimeout)
                {
                    GiveUp(failure, after);
                    break;
                }

                services.Logger.RepairRetrying(failure, feed.Namespace, after, ++attempt);
                await Task.WhenAny(Task.Delay(delay, services.Time), _stopping.Task);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
            }
        }
        catch (Exception exception)
        {
            // A defect, not the cluster: end the streams rather than keep what is held from them.
            services.Logger.RepairFailed(exception, feed.Namespace);
            GiveUp(failure: null, from, logged: true);
        }

        if (repaired > 0)
        {
            services.Metrics.Repaired(repaired);
            services.Logger.Repaired(feed.Namespace, repaired, from, services.Time.GetElapsedTime(started));
        }
    }

    // Awaited only until the feed is released: a grain call cannot be taken back, its answer can be ignored.
    private async Task<EventReplay> ReadAsync(SseEventId after) =>
        await services.Namespaces.GetEventsAfter(feed.Namespace, after, services.Options.HistoryPageBytes);

    // Delivers what a history page adds. Returns how many events it delivered from the history, or null when
    // the history has nothing new although the stream (or the grain) showed more: it lags, read it again.
    private int? ApplyLocked(EventReplay page, long heldBefore, SseEventId promised)
    {
        var complete = page.Completeness == ReplayCompleteness.Complete;
        if (!complete)
        {
            // The history says events after the last delivered are gone (its bounds dropped them, or it
            // restarted). Held events older than what it still has reached the stream before they were
            // dropped: they come first.
            DeliverHeldLocked(heldBefore, page.Events.Length > 0 ? page.Events[0].Id : null);
        }

        var events = Undelivered(page.Events);
        if (events.Length > 0)
        {
            DeliverLocked(events);
            return events.Length;
        }

        if (complete)
        {
            var expected = IndexOfEarliestLocked(heldBefore) >= 0
                || (promised != default && !IsDelivered(promised, _lastDelivered.GetValueOrDefault()));

            // Without such an expectation only batches held during the read are left: read again at once.
            return expected ? null : 0;
        }

        // Nothing retained after the hole: what was held before the read goes on past it (an event is in
        // the history before it is on the stream, so the history had those), and the promise is void.
        DeliverHeldLocked(heldBefore, before: null);
        if (promised != default)
        {
            _unreachable = promised;
            if (_promised == promised)
            {
                _promised = default;
            }
        }

        return 0;
    }

    // Delivers, past any hole, the batches held by number heldBefore that come before `before` (all of
    // them without it), in id order, each followed by what then follows it.
    private void DeliverHeldLocked(long heldBefore, SseEventId? before)
    {
        for (var index = IndexOfEarliestLocked(heldBefore); index >= 0; index = IndexOfEarliestLocked(heldBefore))
        {
            var held = Undelivered(_held[index].Events);
            if (before is { } limit && !Earlier(held[0].Id, limit, _lastDelivered.GetValueOrDefault()))
            {
                return;
            }

            RemoveHeldAt(index);
            DeliverLocked(held);
            DrainLocked();
        }
    }

    private void GiveUp(Exception? failure, SseEventId after, bool logged = false)
    {
        lock (_gate)
        {
            if (_promised != default)
            {
                _unreachable = _promised;
                _promised = default;
            }

            EndRepairLocked();
        }

        if (!logged)
        {
            services.Logger.RepairGaveUp(failure, feed.Namespace, after, services.Options.ResubscribeTimeout);
        }

        // Nothing past the hole was sent: clients reconnect with the last event they have, and replay.
        feed.CloseConnections();
    }

    private void EndRepairLocked()
    {
        _repair = null;
        _held.Clear();
        _heldChars = 0;
    }

    private bool HasGapLocked()
    {
        if (_promised != default && IsDelivered(_promised, _lastDelivered.GetValueOrDefault()))
        {
            _promised = default;
        }

        return _held.Count > 0 || _promised != default;
    }

    private void HoldLocked(NamespaceEvent[] events)
    {
        var chars = 0;
        foreach (var item in events)
        {
            chars += item.Data.Length;
        }

        if (_held.Count > 0 && _heldChars + chars > services.Options.HistoryPageBytes)
        {
            // More than a page arrived during one repair: let it go. The history has it (an event is in the
            // history before it is on the stream) and the repair reads on to it.
            foreach (var held in _held)
            {
                Promise(held.Events[^1].Id);
            }

            _held.Clear();
            _heldChars = 0;
        }

        _held.Add(new Held(events, chars, ++_heldCount));
        _heldChars += chars;
    }

    private void RemoveHeldAt(int index)
    {
        _heldChars -= _held[index].Chars;
        _held.RemoveAt(index);
    }

    // Delivers held batches that now follow, in id order whatever order they arrived in, and drops those
    // delivered meanwhile.
    private void DrainLocked()
    {
        for (var index = 0; index < _held.Count;)
        {
            var events = Undelivered(_held[index].Events);
            if (events.Length > 0 && !Follows(events[0].Id))
            {
                index++;
                continue;
            }

            RemoveHeldAt(index);
            if (events.Length > 0)
            {
                DeliverLocked(events);
                index = 0;
            }
        }
    }

    // The held batch, among those held by number heldBefore, that comes first (the current epoch before a
    // newer one); -1 when there is none.
    private int IndexOfEarliestLocked(long heldBefore)
    {
        var last = _lastDelivered.GetValueOrDefault();
        var earliest = -1;
        for (var index = 0; index < _held.Count; index++)
        {
            var held = _held[index];
            if (held.Number > heldBefore || IsDelivered(held.Events[^1].Id, last))
            {
                continue;
            }

            if (earliest < 0 || Earlier(held.Events[0].Id, _held[earliest].Events[0].Id, last))
            {
                earliest = index;
            }
        }

        return earliest;
    }

    private static bool Earlier(SseEventId id, SseEventId other, SseEventId last) =>
        (id.Epoch == last.Epoch) != (other.Epoch == last.Epoch) ? id.Epoch == last.Epoch : id < other;

    private void Promise(SseEventId id)
    {
        if (_promised == default || id > _promised)
        {
            _promised = id;
        }
    }

    private void DeliverLocked(NamespaceEvent[] events)
    {
        var first = events[0].Id;
        var comment = _lastDelivered is { } last && (first.Epoch != last.Epoch || first.Sequence != last.Sequence + 1)
            ? DescribeLocked(first, last)
            : null;
        if (_lastDelivered is { Epoch: not 0 } previous && previous.Epoch != first.Epoch)
        {
            _leftEpoch = previous.Epoch;
        }

        _lastDelivered = events[^1].Id;
        _deliveries++;
        feed.FanOut(events, comment);
    }

    // What clients are told when delivery does not simply go on: the history lost events, or restarted.
    private string? DescribeLocked(SseEventId first, SseEventId last)
    {
        if (first.Epoch == last.Epoch || last.Epoch == 0)
        {
            // Within the epoch (or from a namespace that had no event when the feed began), the ids between are known.
            var lost = first.Epoch == last.Epoch ? first.Sequence - last.Sequence - 1 : first.Sequence - 1;
            if (lost <= 0)
            {
                return null;
            }

            services.Metrics.EventsLost(lost);
            services.Logger.EventsLost(feed.Namespace, lost, last, first);
            return first.Epoch == last.Epoch
                ? $"events lost: {lost} after {last} are no longer in the history of {feed.Namespace}; continuing with {first}"
                : $"events lost: {lost} before {first} are no longer in the history of {feed.Namespace}";
        }

        services.Metrics.EventsLost(first.Sequence - 1);
        services.Logger.HistoryRestarted(feed.Namespace, first.Epoch, last);
        return $"history of {feed.Namespace} restarted (epoch {first.Epoch}); events before it are gone";
    }

    // Sequences increase within an epoch, so "after the last delivered" is exactly "not yet delivered".
    // Another epoch is new, unless it is the one the feed left.
    private NamespaceEvent[] Undelivered(NamespaceEvent[] events)
    {
        if (_lastDelivered is not { } last || events.Length == 0 || !IsDelivered(events[0].Id, last))
        {
            return events;
        }

        // A batch (and a history page) is consecutive events of one epoch: what was delivered is a prefix.
        var skip = 1;
        while (skip < events.Length && IsDelivered(events[skip].Id, last))
        {
            skip++;
        }

        return skip == events.Length ? [] : events[skip..];
    }

    private bool IsDelivered(SseEventId id, SseEventId last) =>
        id.Epoch == last.Epoch ? id.Sequence <= last.Sequence : id.Epoch == _leftEpoch;

    // The next event of the epoch, or the first of a new one: nothing is missing that a history could give.
    private bool Follows(SseEventId id) =>
        _lastDelivered is not { } last || (id.Epoch == last.Epoch ? id.Sequence == last.Sequence + 1 : id.Sequence == 1);

    private readonly record struct Held(NamespaceEvent[] Events, int Chars, long Number);
}
