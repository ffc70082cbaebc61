using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Streams;
using SseOrleans.Abstractions;

namespace SseOrleans.Grains;

/// <summary>
/// One namespace. An event gets its id and enters the history at once; a delivery loop sends
/// everything pending as one batch to the namespace's stream and one to the parent, so a burst of
/// publishes costs one stream item and one parent call per batch, not per event. A publish (and a
/// forward) completes when its batch has reached the stream and the parent has taken it, which the
/// parent in turn answers only once it has delivered upwards: when a publish returns, the event is in
/// every enclosing namespace, and one publisher's events keep their order everywhere.
/// The grain is reentrant so that publishes keep arriving (and batching) while a batch is in flight;
/// every turn between awaits runs alone, so ids still follow arrival order.
/// </summary>
[Reentrant]
public sealed class NamespaceGrain(
    IOptions<SseOptions> options,
    TimeProvider time,
    ILogger<NamespaceGrain> logger) : Grain, INamespaceGrain
{
    // Beyond this many undelivered events, publishers wait for delivery (backpressure).
    private const int MaxPendingEvents = 10_000;
    private const int MaxStreamItemChars = 64 * 1024;
    private static readonly TimeSpan[] RetryDelays = [TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1)];

    private readonly SubscriberLeases _subscribers = new(time);
    private readonly EventHistory _history = new(options.Value.HistorySize, options.Value.HistoryMaxBytes);
    private readonly List<NamespaceEvent> _pending = [];
    private string _path = NamespacePath.Root;
    private INamespaceGrain? _parent;
    private IAsyncStream<EventBatch>? _stream;
    private long _epoch;
    private long _sequence;
    private Task _delivery = Task.CompletedTask;
    private TaskCompletionSource? _pendingDelivered;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _path = this.GetPrimaryKeyString();
        if (!NamespacePath.IsNormalized(_path))
        {
            throw new ArgumentException($"'{_path}' is not a normalized namespace; use NamespacePath.Normalize.");
        }

        _epoch = time.GetUtcNow().ToUnixTimeMilliseconds();
        var parent = NamespacePath.GetParent(_path);
        _parent = parent is null ? null : GrainFactory.GetGrain<INamespaceGrain>(parent);
        _stream = this.GetStreamProvider(SseStreams.ProviderName).GetStream<EventBatch>(SseStreams.ForNamespace(_path));
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _delivery.WaitAsync(cancellationToken);

    public async Task<SseEventId> Publish(SseEvent sseEvent)
    {
        SseEventRules.Validate(sseEvent, options.Value.MaxMessageBytes);
        await WaitForRoomAsync();
        var id = Append(sseEvent.Name, sseEvent.Data, _path);
        await _pendingDelivered!.Task;
        return id;
    }

    public async Task Forward(NamespaceEvent[] events)
    {
        await WaitForRoomAsync();
        foreach (var item in events)
        {
            Append(item.Name, item.Data, item.Origin);
        }

        await _pendingDelivered!.Task;
    }

    public Task<EventReplay> GetEventsAfter(SseEventId lastEventId, int maxBytes)
    {
        ReplayCompleteness completeness;
        var after = long.MinValue;
        if (lastEventId.Epoch != _epoch || lastEventId.Sequence > _sequence)
        {
            completeness = ReplayCompleteness.UnknownId;
        }
        else if (lastEventId.Sequence >= (_history.OldestSequence ?? _sequence + 1) - 1)
        {
            // Nothing between the client's id and the oldest retained event has been dropped.
            completeness = ReplayCompleteness.Complete;
            after = lastEventId.Sequence;
        }
        else
        {
            completeness = ReplayCompleteness.Truncated;
        }

        var events = _history.After(after, maxBytes, out var remaining);
        DeactivateIfNothingToKeep();
        return Task.FromResult(new EventReplay(events, completeness, remaining));
    }

    public Task<SseEventId> GetLastEventId()
    {
        DeactivateIfNothingToKeep();
        return Task.FromResult(LastEventId);
    }

    public Task<SseEventId> ReportSubscribers(string frontEnd, int count, TimeSpan lease)
    {
        _subscribers.Report(frontEnd, count, lease);
        if (count <= 0)
        {
            DeactivateIfNothingToKeep();
        }

        return Task.FromResult(LastEventId);
    }

    public Task<int> GetSubscriberCount() => Task.FromResult(_subscribers.Total());

    private SseEventId LastEventId => _sequence == 0 ? default : new SseEventId(_epoch, _sequence);

    // A replay of an unknown id, or a last subscriber leaving, activates a namespace that may hold
    // nothing: no event numbered by this activation (so no id of its epoch is out there) and nobody
    // subscribed. Such an activation goes at once instead of after the collection age, so a client that
    // touches many namespaces leaves nothing behind.
    private void DeactivateIfNothingToKeep()
    {
        if (_sequence == 0 && _pending.Count == 0 && _subscribers.Total() == 0)
        {
            DeactivateOnIdle();
        }
    }

    private Task WaitForRoomAsync() =>
        _pending.Count < MaxPendingEvents ? Task.CompletedTask : _delivery;

    private SseEventId Append(string? name, string data, string origin)
    {
        var item = new NamespaceEvent(new SseEventId(_epoch, ++_sequence), name, data, origin);
        _history.Add(item);
        _pending.Add(item);
        _pendingDelivered ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (_delivery.IsCompleted)
        {
            _delivery = DeliverPendingAsync();
        }

        return item.Id;
    }

    // Runs on the grain's scheduler, interleaved with requests at its awaits.
    private async Task DeliverPendingAsync()
    {
        // Start after the current turn, so that every event it appends (a forwarded batch, say)
        // goes out in one batch, and its caller can still await the pending batch's delivery.
        await Task.Yield();
        while (_pending.Count > 0)
        {
            var batch = _pending.ToArray();
            var delivered = _pendingDelivered!;
            _pending.Clear();
            _pendingDelivered = null;
            var toStream = PublishToStreamAsync(batch);
            var toParent = _parent is null
                ? Task.CompletedTask
                : WithRetriesAsync("parent", () => _parent.Forward(batch), batch.Length);
            try
            {
                await Task.WhenAll(toStream, toParent);
                delivered.SetResult();
            }
            catch (Exception exception)
            {
                // The publishers learn of it (HTTP answers 503) and may retry; the events stay in
                // this namespace's history either way.
                delivered.SetException(exception);
            }
        }
    }

    // Stream items stay small enough for front-ends to hand out in pieces that fit a connection's buffer.
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
            await WithRetriesAsync("stream", () => _stream!.OnNextAsync(item), item.Events.Length);
            start = end;
        }
    }

    private async Task WithRetriesAsync(string target, Func<Task> send, int count)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await send();
                return;
            }
            catch (Exception exception) when (attempt < RetryDelays.Length)
            {
                logger.DeliveryRetrying(exception, _path, target, attempt + 1);
                await Task.Delay(RetryDelays[attempt], time);
            }
            catch (Exception exception)
            {
                logger.DeliveryFailed(exception, _path, target, count);
                throw;
            }
        }
    }
}
