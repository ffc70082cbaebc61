using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Streams;
using SseOrleans.Abstractions;
using SseOrleans.Grains.History;

namespace SseOrleans.Grains;

/// <summary>
/// One namespace. Publishes and forwarded events wait in a pending list; a delivery loop takes everything
/// pending as one batch, has the history number and keep it (one write, in Redis mode one script), then
/// sends the new events as one item to the namespace's stream and one call to the parent. A publish (and a
/// forward) completes when its batch is in the history and the parent has taken it, which the parent in
/// turn answers only once it has done the same upwards: when a publish returns, the event is in every
/// enclosing namespace's history, and one publisher's events keep their order everywhere. The stream is
/// only the fast path: a batch it fails to carry is still in the history, where front-ends find it.
/// The grain is reentrant so that publishes keep arriving (and batching) while a batch is in flight;
/// every turn between awaits runs alone, so ids follow arrival order.
/// </summary>
[Reentrant]
internal sealed class NamespaceGrain(
    IHistoryStore histories,
    IOptions<SseOptions> options,
    TimeProvider time,
    ILogger<NamespaceGrain> logger) : Grain, INamespaceGrain
{
    // Beyond this many undelivered events, publishers wait for delivery (backpressure).
    private const int MaxPendingEvents = 10_000;
    private const int MaxStreamItemChars = 64 * 1024;
    private const int CatchUpPage = 256;
    private static readonly TimeSpan[] StreamRetryDelays = [TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1)];
    private static readonly TimeSpan FirstForwardRetryDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxForwardRetryDelay = TimeSpan.FromSeconds(2);

    private readonly SubscriberLeases _subscribers = new(time);
    private readonly List<HistoryCandidate> _pending = [];
    private readonly TaskCompletionSource _stopping = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string _path = NamespacePath.Root;
    private INamespaceHistory _history = null!;
    private INamespaceGrain? _parent;
    private IAsyncStream<EventBatch>? _stream;
    private Task _delivery = Task.CompletedTask;
    private TaskCompletionSource<SseEventId[]>? _pendingDelivered;
    private bool _catchUpParent;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _path = this.GetPrimaryKeyString();
        if (!NamespacePath.IsNormalized(_path))
        {
            throw new ArgumentException($"'{_path}' is not a normalized namespace; use NamespacePath.Normalize.");
        }

        var parent = NamespacePath.GetParent(_path);
        _parent = parent is null ? null : GrainFactory.GetGrain<INamespaceGrain>(parent);
        _stream = this.GetStreamProvider(SseStreams.ProviderName).GetStream<EventBatch>(SseStreams.ForNamespace(_path));

        // Redis: the epoch and sequence an earlier activation left. Unreachable Redis fails the activation,
        // so the call that caused it fails (503) rather than numbering from zero.
        _history = histories.Open(_path);
        await _history.LoadAsync();
        if (_parent is not null && _history.LastId != default)
        {
            // The activation before may have died between keeping a batch and forwarding it: before anything
            // new, the parent gets what it has not taken (it says how far it got).
            _catchUpParent = true;
            _delivery = DeliverPendingAsync();
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // A batch still in flight finishes; one whose parent cannot be reached gives up when the
        // deactivation's time is up (in Redis mode the next activation forwards it).
        using (cancellationToken.Register(() => _stopping.TrySetResult()))
        {
            await _delivery;
        }

        _stopping.TrySetResult();

        // A memory history leaves the process's budget with its activation.
        (_history as IDisposable)?.Dispose();
    }

    public Task<SseEventId> Publish(SseEvent sseEvent) => PublishAsync(sseEvent, Guid.Empty);

    public Task<SseEventId> Publish(SseEvent sseEvent, Guid publishId) => PublishAsync(sseEvent, publishId);

    public async Task Forward(NamespaceEvent[] events)
    {
        ArgumentNullException.ThrowIfNull(events);
        await WaitForRoomAsync();
        Task<SseEventId[]>? delivered = null;
        foreach (var item in events)
        {
            delivered = Enqueue(HistoryCandidate.Forwarded(item, ChildTowards(item.Origin)), out _);
        }

        if (delivered is not null)
        {
            await delivered;
        }
    }

    public Task<SseEventId> GetForwardWatermark(string child) => _history.GetWatermarkAsync(child);

    public async Task<EventReplay> GetEventsAfter(SseEventId lastEventId, int maxBytes)
    {
        var replay = await _history.ReadAfterAsync(lastEventId, maxBytes);
        DeactivateIfNothingToKeep();
        return replay;
    }

    // Read from the history itself (Redis: the stored sequence), so that a front-end asking after a
    // failover learns of events another activation kept, not only of this activation's.
    public async Task<SseEventId> GetLastEventId()
    {
        var last = await _history.ReadLastIdAsync();
        DeactivateIfNothingToKeep();
        return last;
    }

    public Task<SseEventId> ReportSubscribers(string frontEnd, int count, TimeSpan lease)
    {
        _subscribers.Report(frontEnd, count, lease);
        if (count <= 0)
        {
            DeactivateIfNothingToKeep();
        }

        return Task.FromResult(_history.LastId);
    }

    public Task<int> GetSubscriberCount() => Task.FromResult(_subscribers.Total());

    private async Task<SseEventId> PublishAsync(SseEvent sseEvent, Guid publishId)
    {
        SseEventRules.Validate(sseEvent, options.Value.MaxMessageBytes);
        await WaitForRoomAsync();
        var delivered = Enqueue(HistoryCandidate.Published(sseEvent, _path, publishId), out var index);
        return (await delivered)[index];
    }

    // A replay of an unknown id, or a last subscriber leaving, activates a namespace that may hold
    // nothing: no event in its history (so no id of its epoch is out there) and nobody subscribed. Such an
    // activation goes at once instead of after the collection age, so a client that touches many
    // namespaces leaves nothing behind.
    private void DeactivateIfNothingToKeep()
    {
        if (_history.LastId == default && _pending.Count == 0 && _delivery.IsCompleted && _subscribers.Total() == 0)
        {
            DeactivateOnIdle();
        }
    }

    private Task WaitForRoomAsync() =>
        _pending.Count < MaxPendingEvents ? Task.CompletedTask : _delivery;

    private Task<SseEventId[]> Enqueue(HistoryCandidate candidate, out int index)
    {
        index = _pending.Count;
        _pending.Add(candidate);
        _pendingDelivered ??= new TaskCompletionSource<SseEventId[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (_delivery.IsCompleted)
        {
            _delivery = DeliverPendingAsync();
        }

        return _pendingDelivered.Task;
    }

    // The child namespace on the path from here to a forwarded event's origin: the one that forwarded it.
    private string ChildTowards(string origin)
    {
        var start = _path.Length == 1 ? 1 : _path.Length + 1;
        if (origin.Length <= start
            || !origin.StartsWith(_path, StringComparison.Ordinal)
            || (_path.Length > 1 && origin[_path.Length] != '/'))
        {
            throw new ArgumentException($"A forwarded event's origin '{origin}' is not below {_path}.", nameof(origin));
        }

        var slash = origin.IndexOf('/', start);
        return slash < 0 ? origin : origin[..slash];
    }

    // Runs on the grain's scheduler, interleaved with requests at its awaits; never throws.
    private async Task DeliverPendingAsync()
    {
        // Start after the current turn, so that every event it appends (a forwarded batch, say)
        // goes out in one batch, and its caller can still await the pending batch's delivery.
        await Task.Yield();
        if (_catchUpParent)
        {
            _catchUpParent = false;
            await CatchUpParentAsync();
        }

        while (_pending.Count > 0)
        {
            var batch = _pending.ToArray();
            var delivered = _pendingDelivered!;
            _pending.Clear();
            _pendingDelivered = null;
            try
            {
                var appended = await _history.AppendAsync(batch);
                await DeliverAsync(appended.Events);
                delivered.SetResult(appended.Ids);
            }
            catch (Exception exception)
            {
                // Not in the history (HistoryUnavailableException: nothing was numbered), or in it but the
                // grain is stopping before its parent took it. The publishers learn of it (HTTP answers 503)
                // and retry with their publish ids.
                logger.DeliveryFailed(exception, _path, batch.Length);
                delivered.SetException(exception);
            }
        }
    }

    private async Task DeliverAsync(NamespaceEvent[] events)
    {
        if (events.Length == 0)
        {
            return;
        }

        var toStream = PublishToStreamAsync(events);
        var toParent = _parent is null ? Task.CompletedTask : ForwardToParentAsync(events);
        await Task.WhenAll(toStream, toParent);
    }

    // What the history holds beyond the parent's watermark for this namespace, in pages, as if just appended.
    private async Task CatchUpParentAsync()
    {
        try
        {
            var last = _history.LastId;
            var watermark = await UntilStoppingAsync(() => _parent!.GetForwardWatermark(_path));
            var after = watermark.Epoch == last.Epoch ? watermark.Sequence : 0;
            var forwarded = 0;
            while (after < last.Sequence)
            {
                var events = await UntilStoppingAsync(() => _history.ReadRangeAsync(after, last.Sequence, CatchUpPage));
                if (events.Length == 0)
                {
                    break;
                }

                await DeliverAsync(events);
                forwarded += events.Length;
                after = events[^1].Id.Sequence;
            }

            if (forwarded > 0)
            {
                logger.CaughtUpParent(_path, forwarded, last);
            }
        }
        catch (OperationCanceledException)
        {
            // Deactivating: the next activation catches up instead.
        }
    }

    // Stream items stay small enough for front-ends to hand out in pieces that fit a connection's buffer.
    // A batch the stream does not take is logged, not failed: the history has it, and front-ends that see
    // the hole (or learn of a newer id) fetch it from there.
    private async Task PublishToStreamAsync(NamespaceEvent[] batch)
    {
        var start = 0;
        while (start < batch.Length)
        {
            var end = start;
            var bytes = 0L;
            while (end < batch.Length && (end == start || bytes + batch[end].Data.Length <= MaxStreamItemChars))
            {
                bytes += batch[end++].Data.Length;
            }

            var item = new EventBatch(batch[start..end]);
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    await _stream!.OnNextAsync(item);
                    break;
                }
                catch (Exception exception) when (attempt < StreamRetryDelays.Length)
                {
                    logger.StreamRetrying(exception, _path, attempt + 1);
                    await Task.Delay(StreamRetryDelays[attempt], time);
                }
                catch (Exception exception)
                {
                    logger.StreamFailed(exception, _path, item.Events.Length);
                    break;
                }
            }

            start = end;
        }
    }

    // The parent must have every event, in order: retried until it takes them (a failover moves it within
    // seconds) or this grain stops. A retry is safe: the parent skips what it already took from us.
    private async Task ForwardToParentAsync(NamespaceEvent[] events) =>
        await UntilStoppingAsync(async () =>
        {
            await _parent!.Forward(events);
            return true;
        });

    private async Task<T> UntilStoppingAsync<T>(Func<Task<T>> call)
    {
        var delay = FirstForwardRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception exception) when (!_stopping.Task.IsCompleted)
            {
                logger.ParentRetrying(exception, _path, attempt);
            }

            await Task.WhenAny(Task.Delay(delay, time), _stopping.Task);
            if (_stopping.Task.IsCompleted)
            {
                throw new OperationCanceledException($"{_path} is deactivating.");
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxForwardRetryDelay.Ticks));
        }
    }
}
