namespace SseOrleans.Abstractions;

/// <summary>
/// The entry point of publishes (HTTP and the <see cref="GrainFactoryExtensions.PublishAsync(IGrainFactory, string, string)"/>
/// extensions): a stateless worker, so it runs on the silo whose gateway took the call, and hands the publish
/// to that silo's batching. Keyed by a small number only so that a client spreads its calls over its
/// gateways (<see cref="GrainFactoryExtensions.GetPublisher"/> picks keys in turn); any key serves any namespace.
/// </summary>
[Alias("sse.IPublishGrain")]
public interface IPublishGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Publishes an event to <paramref name="path"/> (normalized, see <see cref="NamespacePath.Normalize"/>) as
    /// <see cref="INamespaceGrain.Publish(SseEvent, Guid)"/> does: once per <paramref name="publishId"/>
    /// (<see cref="Guid.Empty"/> for no such promise); returns its id there.
    /// </summary>
    [Alias("Publish")]
    Task<SseEventId> Publish(string path, SseEvent sseEvent, Guid publishId);

    /// <summary>
    /// Publishes one Mercure update to several namespaces at once (normalized, distinct): one copy in each of
    /// <paramref name="targets"/> and in each of their ancestors that takes copies, every namespace once
    /// however many targets lie below it, all in one atomic append. <paramref name="publishId"/> is remembered
    /// by the first target. Returns the update's id there.
    /// </summary>
    [Alias("PublishUpdate")]
    Task<SseEventId> PublishUpdate(string[] targets, SseEvent sseEvent, MercureFields mercure, Guid publishId);

    /// <summary>
    /// <see cref="Publish(string, SseEvent, Guid)"/>, appended only before <paramref name="deadline"/> (by the clock of
    /// the history: Redis's, or the silo's for the memory history): one that reaches the history later appends
    /// nothing and throws <see cref="TimeoutException"/>, so that a caller who stopped waiting at the deadline
    /// knows the publish will not appear later. A publish id already taken is answered its id whatever the time.
    /// </summary>
    [Alias("PublishBefore")]
    Task<SseEventId> Publish(string path, SseEvent sseEvent, Guid publishId, DateTimeOffset deadline);

    /// <summary><see cref="PublishUpdate(string[], SseEvent, MercureFields, Guid)"/> with a deadline, as <see cref="Publish(string, SseEvent, Guid, DateTimeOffset)"/> has.</summary>
    [Alias("PublishUpdateBefore")]
    Task<SseEventId> PublishUpdate(string[] targets, SseEvent sseEvent, MercureFields mercure, Guid publishId, DateTimeOffset deadline);

    /// <summary>
    /// Several publishes in one call, each as <see cref="Publish(string, SseEvent, Guid, DateTimeOffset)"/> takes it (with its deadline, if it has one), with an outcome each (in order): what
    /// a front-end took while its earlier calls were in flight. They join the silo's batching together.
    /// </summary>
    [Alias("PublishMany")]
    Task<PublishOutcome[]> PublishMany(PublishItem[] items);
}
