using SseOrleans.Abstractions;

namespace SseOrleans.FrontEnd.Namespaces;

/// <summary>
/// The front-end's one way in to the namespace grains: the publish endpoint, the history a replay and a
/// repair read, the newest id a quiet feed asks for, and the subscriber reports. Behind an interface, like
/// <see cref="INamespaceStreams"/>, so that repairs and reports can be tested without a cluster. Every
/// path given is already normalized (<c>NamespaceRoute</c> made it so), so it is not normalized again.
/// </summary>
internal interface INamespaceGrains
{
    /// <summary>
    /// Publishes under one publish id, retrying for up to <paramref name="retryFor"/> while the cluster cannot
    /// take it, through the publish grains (<see cref="IPublishGrain"/>); see
    /// <see cref="GrainFactoryExtensions.PublishWithRetriesAsync(IGrainFactory, string, SseEvent, Guid, TimeSpan, TimeProvider, CancellationToken)"/>.
    /// </summary>
    Task<SseEventId> Publish(string path, SseEvent sseEvent, Guid publishId, TimeSpan retryFor, CancellationToken cancellationToken);

    /// <summary>Publishes a Mercure update to its topics' namespaces, retried as <see cref="Publish"/> is (see <see cref="IPublishGrain.PublishUpdate"/>).</summary>
    Task<SseEventId> PublishUpdate(string[] targets, SseEvent sseEvent, MercureFields mercure, Guid publishId, TimeSpan retryFor, CancellationToken cancellationToken);

    /// <inheritdoc cref="INamespaceGrain.GetEventsAfter"/>
    Task<EventReplay> GetEventsAfter(string path, SseEventId after, int maxBytes);

    /// <inheritdoc cref="INamespaceGrain.FindAfterUpdate"/>
    Task<SseEventId?> FindAfterUpdate(string path, string mercureId);

    /// <inheritdoc cref="INamespaceGrain.GetLastEventId"/>
    Task<SseEventId> GetLastEventId(string path);

    /// <inheritdoc cref="INamespaceGrain.ReportSubscribers"/>
    Task<SseEventId> ReportSubscribers(string path, string frontEnd, int count, TimeSpan lease);
}
