using Microsoft.Extensions.Logging;
using SseOrleans.Abstractions;
using SseOrleans.Grains.History;

namespace SseOrleans.Grains.Publishing;

/// <summary>
/// Every publish this silo takes goes through here, whatever its namespace: one loop appends everything
/// pending as one batch (one store call; in Redis one script for every namespace in it), answers the
/// publishers, and puts the batch's events on the live namespaces' streams. While an append is in flight new
/// publishes accumulate and form the next batch, so batches grow with the load and no timer waits. The
/// stream items of one batch are written before those of the next (one silo's items for one namespace stay in
/// order) while the next batch is appended. Beyond <see cref="MaxPending"/> publishes waiting, publishers wait
/// for room (backpressure). Stopping with the silo fails what was not yet taken with an
/// <see cref="OrleansException"/>, which publishers retry (with their publish ids) elsewhere.
/// </summary>
internal sealed class PublishPipeline(
    IHistoryStore store,
    StreamItemWriter streams,
    PublishCounter counter,
    ILogger<PublishPipeline> logger) : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private const int MaxPending = 10_000;
    private const int MaxBatchCount = 512;
    private const long MaxBatchChars = 1024 * 1024;

    private readonly SemaphoreSlim _room = new(MaxPending);
    private readonly Lock _gate = new();
    private List<Pending> _pending = [];
    private Task _loop = Task.CompletedTask;
    private bool _running;
    private bool _stopped;

    public async Task<SseEventId> PublishAsync(PublishRequest request)
    {
        await _room.WaitAsync();
        try
        {
            var pending = new Pending(request);
            lock (_gate)
            {
                if (_stopped)
                {
                    throw Stopping();
                }

                _pending.Add(pending);
                if (!_running)
                {
                    _running = true;
                    _loop = Task.Run(RunAsync);
                }
            }

            return await pending.Answer.Task;
        }
        finally
        {
            _room.Release();
        }
    }

    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe(nameof(PublishPipeline), ServiceLifecycleStage.ApplicationServices, _ => Task.CompletedTask, StopAsync);
    }

    public void Dispose() => _room.Dispose();

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        List<Pending> left;
        Task loop;
        lock (_gate)
        {
            _stopped = true;
            left = _pending;
            _pending = [];
            loop = _loop;
        }

        foreach (var pending in left)
        {
            pending.Answer.TrySetException(Stopping());
        }

        await loop.WaitAsync(cancellationToken);
    }

    private async Task RunAsync()
    {
        var streaming = Task.CompletedTask;
        try
        {
            while (TakeBatch() is { } batch)
            {
                var requests = new PublishRequest[batch.Count];
                for (var i = 0; i < requests.Length; i++)
                {
                    requests[i] = batch[i].Request;
                }

                StoreAppend appended;
                try
                {
                    appended = await store.AppendAsync(requests);
                }
                catch (Exception exception)
                {
                    // Not in the history (nothing was numbered, or a write that timed out may still run): the
                    // publishers learn of it (HTTP answers 503) and retry with their publish ids.
                    logger.AppendFailed(exception, batch.Count);
                    foreach (var pending in batch)
                    {
                        pending.Answer.TrySetException(exception);
                    }

                    continue;
                }

                for (var i = 0; i < batch.Count; i++)
                {
                    if (appended.RefusalOf(i) != PublishRefusal.None)
                    {
                        batch[i].Answer.TrySetException(Refused(appended.RefusalOf(i), requests[i], appended.Ids[i]));
                        continue;
                    }

                    counter.Add(requests[i].Target);
                    batch[i].Answer.TrySetResult(appended.Ids[i]);
                }

                await streaming;
                streaming = streams.WriteAsync(appended.Namespaces);
            }
        }
        finally
        {
            await streaming;
        }
    }

    // Everything pending, up to a bound; null (and the loop ends) when nothing is.
    private List<Pending>? TakeBatch()
    {
        lock (_gate)
        {
            if (_pending.Count == 0)
            {
                _running = false;
                return null;
            }

            var count = 0;
            var chars = 0L;
            while (count < _pending.Count && count < MaxBatchCount && (count == 0 || chars + _pending[count].Request.Data.Length <= MaxBatchChars))
            {
                chars += _pending[count++].Request.Data.Length;
            }

            if (count == _pending.Count)
            {
                var all = _pending;
                _pending = [];
                return all;
            }

            var batch = _pending.GetRange(0, count);
            _pending.RemoveRange(0, count);
            return batch;
        }
    }

    private static Exception Refused(PublishRefusal refusal, in PublishRequest request, SseEventId taken) => refusal switch
    {
        PublishRefusal.PublishIdReused => new PublishIdReusedException(
            $"This publish id (Idempotency-Key) was used in {request.Target} for the event {taken}, with another event name or data; nothing was appended. A retry must repeat the publish exactly; a different event needs a different key."),
        PublishRefusal.TooLate => new TimeoutException($"The publish to {request.Target} reached its history after its deadline; nothing was appended."),
        _ => throw new ArgumentOutOfRangeException(nameof(refusal), refusal, null),
    };

    private static SiloUnavailableException Stopping() => new("The silo is stopping; the publish was not taken.");

    private sealed class Pending(PublishRequest request)
    {
        public PublishRequest Request => request;

        public TaskCompletionSource<SseEventId> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
