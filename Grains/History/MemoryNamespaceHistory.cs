using SseOrleans.Abstractions;

namespace SseOrleans.Grains.History;

/// <summary>
/// A history in the grain activation's memory. Its epoch is the time the activation started, so ids from
/// before a reactivation (idle collection, a lost silo) are never taken for newer ones; nothing survives
/// the activation. Appends cannot fail, so sequences have no holes. Its events count against the process's
/// <see cref="HistoryMemoryBudget"/> until it is disposed with its activation.
/// </summary>
internal sealed class MemoryNamespaceHistory(SseOptions options, TimeProvider time, HistoryMemoryBudget budget) : INamespaceHistory, IDisposable
{
    private readonly EventHistory _events = new(options.HistorySize, options.HistoryMaxBytes, options.HistoryMaxAge, time, budget);
    private readonly PublishIdWindow _publishIds = new(options.PublishIdRetention, time);
    private readonly Dictionary<string, SseEventId> _watermarks = new(StringComparer.Ordinal);
    private readonly long _epoch = time.GetUtcNow().ToUnixTimeMilliseconds();
    private long _sequence;

    public SseEventId LastId => _sequence == 0 ? default : new SseEventId(_epoch, _sequence);

    public Task LoadAsync() => Task.CompletedTask;

    public Task<SseEventId> ReadLastIdAsync() => Task.FromResult(LastId);

    public Task<HistoryAppend> AppendAsync(IReadOnlyList<HistoryCandidate> batch)
    {
        var ids = new SseEventId[batch.Count];
        var events = new List<NamespaceEvent>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            var candidate = batch[i];
            if (candidate.Child is { } child)
            {
                if (_watermarks.TryGetValue(child, out var watermark) && candidate.ChildId <= watermark)
                {
                    continue;
                }

                _watermarks[child] = candidate.ChildId;
            }
            else if (candidate.PublishId != Guid.Empty && _publishIds.TryGet(candidate.PublishId, out var repeated))
            {
                ids[i] = repeated;
                continue;
            }

            var item = new NamespaceEvent(new SseEventId(_epoch, ++_sequence), candidate.Name, candidate.Data, candidate.Origin);
            _events.Add(item);
            events.Add(item);
            ids[i] = item.Id;
            if (candidate.PublishId != Guid.Empty)
            {
                _publishIds.Add(candidate.PublishId, item.Id);
            }
        }

        return Task.FromResult(new HistoryAppend(ids, [.. events]));
    }

    public Task<EventReplay> ReadAfterAsync(SseEventId lastEventId, int maxBytes)
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
        return Task.FromResult(new EventReplay(events, completeness, remaining));
    }

    public Task<NamespaceEvent[]> ReadRangeAsync(long after, long through, int maxCount)
    {
        var events = _events.After(after, int.MaxValue, out _);
        var taken = Array.FindAll(events, e => e.Id.Sequence <= through);
        return Task.FromResult(taken.Length <= maxCount ? taken : taken[..maxCount]);
    }

    public Task<SseEventId> GetWatermarkAsync(string child) =>
        Task.FromResult(_watermarks.GetValueOrDefault(child));

    public void Dispose() => _events.Release();
}
