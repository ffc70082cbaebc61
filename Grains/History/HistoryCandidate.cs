using SseOrleans.Abstractions;

namespace SseOrleans.Grains.History;

/// <summary>
/// An event on its way into a namespace's history: published here (with the publisher's publish id, or
/// <see cref="Guid.Empty"/> for none) or forwarded by <see cref="Child"/>, with its id in the child's sequence.
/// The history decides whether it is new and gives it its id.
/// </summary>
internal readonly record struct HistoryCandidate(string? Name, string Data, string Origin, Guid PublishId, string? Child, SseEventId ChildId)
{
    public static HistoryCandidate Published(SseEvent sseEvent, string path, Guid publishId) =>
        new(sseEvent.Name, sseEvent.Data, path, publishId, null, default);

    public static HistoryCandidate Forwarded(NamespaceEvent item, string child) =>
        new(item.Name, item.Data, item.Origin, Guid.Empty, child, item.Id);
}
