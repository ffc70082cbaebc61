using SseOrleans.Abstractions;

namespace SseOrleans.FrontEnd.Namespaces;

/// <summary>
/// The namespace grains of the cluster this process is a client of (or a silo in). Publishes go through one
/// <see cref="PublishBatcher"/>, so that those that arrive together share calls. References are made from
/// the normalized path as it is: the public <see cref="GrainFactoryExtensions.GetNamespace"/> validates its
/// input, which the front-end did already when it parsed the request.
/// </summary>
internal sealed class OrleansNamespaceGrains(IGrainFactory grains, TimeProvider time) : INamespaceGrains
{
    private readonly PublishBatcher _publishes = new(grains.GetPublisher);

    public Task<SseEventId> Publish(string path, SseEvent sseEvent, Guid publishId, TimeSpan retryFor, CancellationToken cancellationToken) =>
        SseOrleans.Abstractions.GrainFactoryExtensions.RetryAsync(deadline => _publishes.PublishAsync(path, sseEvent, publishId, deadline), retryFor, time, cancellationToken);

    public Task<SseEventId> PublishUpdate(string[] targets, SseEvent sseEvent, MercureFields mercure, Guid publishId, TimeSpan retryFor, CancellationToken cancellationToken) =>
        grains.PublishUpdateWithRetriesAsync(targets, sseEvent, mercure, publishId, retryFor, time, cancellationToken);

    public Task<EventReplay> GetEventsAfter(string path, SseEventId after, int maxBytes) =>
        Grain(path).GetEventsAfter(after, maxBytes);

    public Task<SseEventId?> FindAfterUpdate(string path, string mercureId) =>
        Grain(path).FindAfterUpdate(mercureId);

    public Task<SseEventId> GetLastEventId(string path) =>
        Grain(path).GetLastEventId();

    public Task<SseEventId> ReportSubscribers(string path, string frontEnd, int count, TimeSpan lease) =>
        Grain(path).ReportSubscribers(frontEnd, count, lease);

    private INamespaceGrain Grain(string path) => NamespaceGrainReference.For(grains, path);
}
