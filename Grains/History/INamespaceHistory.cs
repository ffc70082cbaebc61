using SseOrleans.Abstractions;

namespace SseOrleans.Grains.History;

/// <summary>
/// One namespace's history, epoch and sequence: the truth that the namespace's stream is the fast path
/// for. It numbers events (no holes within an epoch: an append that fails numbers nothing), keeps the
/// newest of them for replay, remembers publish ids for a while and, per child namespace, the newest child
/// id it has taken, so that repeated publishes and forwards append nothing twice. Used by one grain
/// activation at a time, from the grain's scheduler.
/// </summary>
internal interface INamespaceHistory
{
    /// <summary>The newest id as this instance last saw it; <c>default</c> when the namespace has none.</summary>
    SseEventId LastId { get; }

    /// <summary>Reads the epoch and sequence a previous activation left (Redis); nothing to do in memory.</summary>
    Task LoadAsync();

    /// <summary>The newest id as the store has it now (Redis: also what another writer appended); <see cref="LastId"/> stays what this instance saw.</summary>
    Task<SseEventId> ReadLastIdAsync();

    /// <summary>Numbers and keeps a batch; throws <see cref="HistoryUnavailableException"/> when it cannot be written.</summary>
    Task<HistoryAppend> AppendAsync(IReadOnlyList<HistoryCandidate> batch);

    /// <summary>A page of the retained events after <paramref name="lastEventId"/> (see <see cref="INamespaceGrain.GetEventsAfter"/>).</summary>
    Task<EventReplay> ReadAfterAsync(SseEventId lastEventId, int maxBytes);

    /// <summary>The retained events of the current epoch with sequence numbers in (<paramref name="after"/>, <paramref name="through"/>], at most <paramref name="maxCount"/>.</summary>
    Task<NamespaceEvent[]> ReadRangeAsync(long after, long through, int maxCount);

    /// <summary>The newest id taken from <paramref name="child"/>; <c>default</c> when none.</summary>
    Task<SseEventId> GetWatermarkAsync(string child);
}
