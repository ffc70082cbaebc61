using SseOrleans.Abstractions;

namespace SseOrleans.FrontEnd.FanOut;

/// <summary>The namespace grains of the cluster this process is a client of (or a silo in).</summary>
internal sealed class OrleansNamespaceGrains(IGrainFactory grains) : INamespaceGrains
{
    public Task<EventReplay> GetEventsAfter(string path, SseEventId after, int maxBytes) =>
        grains.GetNamespace(path).GetEventsAfter(after, maxBytes);

    public Task<SseEventId> GetLastEventId(string path) =>
        grains.GetNamespace(path).GetLastEventId();

    public Task<SseEventId> ReportSubscribers(string path, string frontEnd, int count, TimeSpan lease) =>
        grains.GetNamespace(path).ReportSubscribers(frontEnd, count, lease);
}
