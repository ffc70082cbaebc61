namespace SseOrleans.Abstractions;

/// <summary>Publishing from any .NET Orleans client: <c>await client.PublishAsync("/pets/dogs", "new-dog", "Corgi")</c>.</summary>
public static class GrainFactoryExtensions
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(1);

    // A request that went out through a gateway that died just then is never answered (Orleans gives up
    // on it after its 30 s response timeout): such an attempt is abandoned for a new one. The publish id
    // makes the overlap harmless, and one that is merely slow (its namespace waiting for a parent that is
    // moving) answers the next attempt with the same id once it is delivered.
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The grain of a namespace; throws <see cref="ArgumentException"/> for an invalid path.</summary>
    public static INamespaceGrain GetNamespace(this IGrainFactory grains, string @namespace)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return NamespaceGrainReference.For(grains, NamespacePath.Normalize(@namespace));
    }

    /// <summary>
    /// A publish grain (<see cref="IPublishGrain"/>), a different key each call, so that publishes from this
    /// client are spread over the cluster's gateways and their silos.
    /// </summary>
    public static IPublishGrain GetPublisher(this IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return PublishGrainReference.Next(grains);
    }

    /// <summary>Publishes <paramref name="data"/> to a namespace; returns the event's id there.</summary>
    public static Task<SseEventId> PublishAsync(this IGrainFactory grains, string @namespace, string? eventName, string data) =>
        grains.GetPublisher().Publish(NamespacePath.Normalize(@namespace), new SseEvent(eventName, data), Guid.Empty);

    /// <summary>Publishes unnamed data to a namespace; returns the event's id there.</summary>
    public static Task<SseEventId> PublishAsync(this IGrainFactory grains, string @namespace, string data) =>
        grains.PublishAsync(@namespace, null, data);

    /// <summary>
    /// Publishes once, retrying for up to <paramref name="retryFor"/> (e.g. <see cref="SseOptions.PublishRetryTimeout"/>)
    /// while the cluster cannot take it: a silo lost, the namespace moving, its history unreachable
    /// (<see cref="OrleansException"/>, <see cref="TimeoutException"/>, an attempt unanswered for 5 s). Every
    /// attempt carries one publish id, so an attempt that did happen although its answer was lost is not
    /// appended again. An invalid event (<see cref="ArgumentException"/>) is not retried; the last failure is
    /// thrown once the time is up.
    /// </summary>
    public static Task<SseEventId> PublishAsync(
        this IGrainFactory grains, string @namespace, SseEvent sseEvent, TimeSpan retryFor, CancellationToken cancellationToken = default) =>
        grains.PublishWithRetriesAsync(NamespacePath.Normalize(@namespace), sseEvent, Guid.NewGuid(), retryFor, TimeProvider.System, cancellationToken);

    /// <summary>
    /// The retry loop of <see cref="PublishAsync(IGrainFactory, string, SseEvent, TimeSpan, CancellationToken)"/>, for one
    /// normalized path and one publish id, each attempt through the next publish grain (so through the next gateway).
    /// </summary>
    public static Task<SseEventId> PublishWithRetriesAsync(
        this IGrainFactory grains, string path, SseEvent sseEvent, Guid publishId, TimeSpan retryFor, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return RetryAsync(() => grains.GetPublisher().Publish(path, sseEvent, publishId), retryFor, time, cancellationToken);
    }

    /// <summary>The same retry loop for one Mercure update to several namespaces (<see cref="IPublishGrain.PublishUpdate"/>).</summary>
    public static Task<SseEventId> PublishUpdateWithRetriesAsync(
        this IGrainFactory grains, string[] targets, SseEvent sseEvent, MercureFields mercure, Guid publishId, TimeSpan retryFor, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return RetryAsync(() => grains.GetPublisher().PublishUpdate(targets, sseEvent, mercure, publishId), retryFor, time, cancellationToken);
    }

    /// <summary>The same retry loop for one namespace grain and one publish id.</summary>
    public static Task<SseEventId> PublishWithRetriesAsync(
        this INamespaceGrain grain, SseEvent sseEvent, Guid publishId, TimeSpan retryFor, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grain);
        return RetryAsync(() => grain.Publish(sseEvent, publishId), retryFor, time, cancellationToken);
    }

    /// <summary>The retry loop itself, for an attempt made some other way (a front-end's batched calls).</summary>
    internal static async Task<SseEventId> RetryAsync(Func<Task<SseEventId>> publish, TimeSpan retryFor, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(time);
        var started = time.GetTimestamp();
        var delay = FirstRetryDelay;
        while (true)
        {
            try
            {
                var attempt = publish();
                return retryFor <= TimeSpan.Zero ? await attempt : await attempt.WaitAsync(AttemptTimeout, time, cancellationToken);
            }
            catch (Exception exception) when (exception is OrleansException or TimeoutException
                && !cancellationToken.IsCancellationRequested
                && time.GetElapsedTime(started) + delay <= retryFor)
            {
                // The cluster is settling (a silo died, the namespace is moving) or its history did not
                // answer: the same publish id makes the next attempt safe whatever this one did.
            }

            await Task.Delay(delay, time, cancellationToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
        }
    }
}
