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

    // An attempt carries a deadline, which the history checks by its own clock (Redis's) in the step that would
    // append it; its caller waits this much longer for the answer, and gives up only once that much past the last
    // attempt's deadline: clocks that differ by less, and an answer that is this late, still mean "not appended".
    private static readonly TimeSpan DeadlineGrace = TimeSpan.FromSeconds(1);

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
    /// appended again, and a deadline (at most 5 s on, never past <paramref name="retryFor"/>) after which the
    /// history appends nothing (<see cref="IPublishGrain.Publish(string, SseEvent, Guid, DateTimeOffset)"/>). An
    /// invalid event (<see cref="ArgumentException"/>) or a reused publish id (<see cref="PublishIdReusedException"/>)
    /// is not retried; the last failure is thrown once the time is up and the last attempt's deadline has passed
    /// by 1 s, so that, with clocks within 1 s of each other, a publish that failed will not be appended later
    /// (unless an attempt was appended and its answer then lost).
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
        return RetryAsync(
            deadline => deadline is { } before ? grains.GetPublisher().Publish(path, sseEvent, publishId, before) : grains.GetPublisher().Publish(path, sseEvent, publishId),
            retryFor,
            time,
            cancellationToken);
    }

    /// <summary>The same retry loop for one Mercure update to several namespaces (<see cref="IPublishGrain.PublishUpdate"/>).</summary>
    public static Task<SseEventId> PublishUpdateWithRetriesAsync(
        this IGrainFactory grains, string[] targets, SseEvent sseEvent, MercureFields mercure, Guid publishId, TimeSpan retryFor, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return RetryAsync(
            deadline => deadline is { } before
                ? grains.GetPublisher().PublishUpdate(targets, sseEvent, mercure, publishId, before)
                : grains.GetPublisher().PublishUpdate(targets, sseEvent, mercure, publishId),
            retryFor,
            time,
            cancellationToken);
    }

    /// <summary>
    /// The same retry loop for one namespace grain and one publish id, without deadlines: an attempt given up on may
    /// still be appended later (its publish id keeps a retry from appending it twice).
    /// </summary>
    public static Task<SseEventId> PublishWithRetriesAsync(
        this INamespaceGrain grain, SseEvent sseEvent, Guid publishId, TimeSpan retryFor, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grain);
        return RetryAsync(_ => grain.Publish(sseEvent, publishId), retryFor, time, cancellationToken);
    }

    // Each attempt is given its deadline; none when there is no retrying (retryFor zero or less). Also for an
    // attempt made some other way (a front-end's batched calls).
    internal static async Task<SseEventId> RetryAsync(
        Func<DateTimeOffset?, Task<SseEventId>> publish, TimeSpan retryFor, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(time);
        if (retryFor <= TimeSpan.Zero)
        {
            return await publish(null);
        }

        var end = time.GetUtcNow() + retryFor;
        var delay = FirstRetryDelay;
        while (true)
        {
            var now = time.GetUtcNow();
            var deadline = now + AttemptTimeout < end ? now + AttemptTimeout : end;
            try
            {
                return await publish(deadline).WaitAsync(deadline + DeadlineGrace - now, time, cancellationToken);
            }
            catch (Exception exception) when (exception is OrleansException or TimeoutException && !cancellationToken.IsCancellationRequested)
            {
                // The cluster is settling (a silo died, the namespace is moving) or its history did not
                // answer: the same publish id makes the next attempt safe whatever this one did.
                if (time.GetUtcNow() + delay > end)
                {
                    // This attempt may still be on its way to the history: fail only once it can no longer be appended.
                    var late = deadline + DeadlineGrace - time.GetUtcNow();
                    if (late > TimeSpan.Zero)
                    {
                        await Task.Delay(late, time, cancellationToken);
                    }

                    throw;
                }
            }

            await Task.Delay(delay, time, cancellationToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
        }
    }
}
