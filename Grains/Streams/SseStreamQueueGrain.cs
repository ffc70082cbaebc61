using Microsoft.Extensions.Hosting;
using Orleans.Concurrency;
using Orleans.Providers;

namespace SseOrleans.Grains.Streams;

/// <summary>
/// The queue of the <c>sse</c> memory streams, in place of Orleans' own (which it replaces in the grain
/// type map: <see cref="SiloBuilderExtensions"/>). The same contract, with one difference: a read of an
/// empty queue waits for the next event, up to <see cref="LongPoll"/>, instead of answering at once. The
/// pulling agent reads again as soon as it has delivered, so an event is picked up when it is enqueued,
/// not at the agent's next poll, and an idle queue costs one read per <see cref="LongPoll"/>. Once the host
/// is stopping, reads answer at once: a read still waiting when the silo cancels its calls would be logged
/// by Orleans' receiver as an error on every queue, which reads as a fault on a clean Ctrl-C.
/// </summary>
[Reentrant]
public sealed class SseStreamQueueGrain(IHostApplicationLifetime lifetime) : Grain, IMemoryStreamQueueGrain, IGrainMigrationParticipant
{
    /// <summary>How long a read of an empty queue waits for an event; also how long a silo's stop may wait on it.</summary>
    public static readonly TimeSpan LongPoll = TimeSpan.FromMilliseconds(500);

    // As Orleans' memory queue: a bound against a queue nobody reads.
    private const int MaxEventCount = 16384;

    private Queue<MemoryMessageData> _events = new();
    private long _sequenceNumber = DateTime.UtcNow.Ticks;
    private TaskCompletionSource? _arrived;

    public Task Enqueue(MemoryMessageData data)
    {
        if (_events.Count >= MaxEventCount)
        {
            throw new InvalidOperationException($"The stream queue is full ({MaxEventCount} events not read).");
        }

        data.SequenceNumber = _sequenceNumber++;
        _events.Enqueue(data);
        _arrived?.TrySetResult();
        _arrived = null;
        return Task.CompletedTask;
    }

    public async Task<List<MemoryMessageData>> Dequeue(int maxCount)
    {
        var stopping = lifetime.ApplicationStopping;
        if (_events.Count == 0 && !stopping.IsCancellationRequested)
        {
            _arrived ??= new TaskCompletionSource();
            await Task.WhenAny(_arrived.Task, Task.Delay(LongPoll, stopping));
        }

        var taken = new List<MemoryMessageData>(Math.Min(maxCount, _events.Count));
        while (taken.Count < maxCount && _events.TryDequeue(out var data))
        {
            taken.Add(data);
        }

        return taken;
    }

    void IGrainMigrationParticipant.OnDehydrate(IDehydrationContext dehydrationContext) =>
        dehydrationContext.TryAddValue("queue", _events);

    void IGrainMigrationParticipant.OnRehydrate(IRehydrationContext rehydrationContext)
    {
        if (rehydrationContext.TryGetValue<Queue<MemoryMessageData>>("queue", out var events) && events is not null)
        {
            _events = events;
        }
    }
}
