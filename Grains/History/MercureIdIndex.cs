namespace SseOrleans.Grains.History;

/// <summary>
/// The memory store's Mercure id index: update id → the position of its publish, kept for the history's
/// age, so an id is replayable at least as long as its events are retained. A repeated id points at its
/// newest use.
/// </summary>
internal sealed class MercureIdIndex(TimeSpan retention, TimeProvider time)
    : RecentKeys<string, long>(retention, time, StringComparer.Ordinal);
