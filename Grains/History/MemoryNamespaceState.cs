using SseOrleans.Abstractions;

namespace SseOrleans.Grains.History;

/// <summary>
/// One namespace in <see cref="MemoryHistoryStore"/>: its epoch (when the store first touched it), sequence,
/// retained events (within the process's <see cref="HistoryMemoryBudget"/>), recent publish ids and interest.
/// Used under the store's lock only.
/// </summary>
internal sealed class MemoryNamespaceState(string path, SseOptions options, TimeProvider time, HistoryMemoryBudget budget)
{
    private readonly EventHistory _events = new(options.HistorySize, options.HistoryMaxBytes, options.HistoryMaxAge, time, budget);
    private readonly long _epoch = time.GetUtcNow().ToUnixTimeMilliseconds();
    private long _sequence;

    public string Path => path;

    public PublishIdWindow PublishIds { get; } = new(options.PublishIdRetention, time);

    /// <summary>Until when (unix ms) its stream carries items.</summary>
    public long LiveUntil { get; private set; }

    /// <summary>Until when (unix ms) it takes copies of what is published below it.</summary>
    public long KeepUntil { get; private set; }

    public SseEventId LastId => _sequence == 0 ? default : new SseEventId(_epoch, _sequence);

    /// <summary>
    /// Whether the store may forget it: nobody is owed copies (interest kept until before
    /// <paramref name="now"/>), nothing retained, no publish id to answer again. A namespace touched again
    /// later starts a new epoch, which its clients' old ids tell apart, as after a restart.
    /// </summary>
    public bool Forgettable(long now) => KeepUntil <= now && _events.OldestSequence is null && PublishIds.IsEmpty;

    /// <summary>Leaves the process's budget; the store forgets it.</summary>
    public void Release() => _events.Release();

    public void Interest(long liveUntil, long keepUntil)
    {
        LiveUntil = Math.Max(LiveUntil, liveUntil);
        KeepUntil = Math.Max(KeepUntil, keepUntil);
    }

    public NamespaceEvent Append(in PublishRequest request, string origin, long position)
    {
        var item = new NamespaceEvent(new SseEventId(_epoch, ++_sequence), request.Name, request.Data, origin, position, request.Mercure);
        _events.Add(item);
        return item;
    }

    /// <summary>The id after which every retained event has a position above <paramref name="position"/>.</summary>
    public SseEventId LastAtOrBefore(long position)
    {
        var after = _events.LastSequenceAtOrBefore(position) ?? (_events.OldestSequence ?? _sequence + 1) - 1;
        return after == 0 ? default : new SseEventId(_epoch, after);
    }

    public EventReplay ReadAfter(SseEventId lastEventId, int maxBytes)
    {
        ReplayCompleteness completeness;
        var after = long.MinValue;
        if (lastEventId.Epoch != _epoch || lastEventId.Sequence > _sequence)
        {
            completeness = ReplayCompleteness.UnknownId;
        }
        else if (lastEventId.Sequence >= (_events.OldestSequence ?? _sequence + 1) - 1)
        {
            // Nothing between the client's id and the oldest retained event has been dropped.
            completeness = ReplayCompleteness.Complete;
            after = lastEventId.Sequence;
        }
        else
        {
            completeness = ReplayCompleteness.Truncated;
        }

        var events = _events.After(after, maxBytes, out var remaining);
        return new EventReplay(events, completeness, remaining);
    }
}
