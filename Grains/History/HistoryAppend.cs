using SseOrleans.Abstractions;

namespace SseOrleans.Grains.History;

/// <summary>
/// What an append did. <see cref="Ids"/>: per candidate, its id here (a new one, or the id of the publish
/// it repeats), or <c>default</c> for a forwarded event already taken. <see cref="Events"/>: every event
/// this history instance had not seen before, in id order: the batch's new events, preceded by any that
/// another writer appended meanwhile (an earlier attempt whose answer was lost, a second activation).
/// </summary>
internal sealed record HistoryAppend(SseEventId[] Ids, NamespaceEvent[] Events);
