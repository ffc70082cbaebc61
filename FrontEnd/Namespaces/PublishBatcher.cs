using SseOrleans.Abstractions;

namespace SseOrleans.FrontEnd.Namespaces;

/// <summary>
/// This front-end's publishes on their way to the silos: a few calls in flight at a time, and what arrives while
/// they are busy goes together in the next call (<see cref="IPublishGrain.PublishMany"/>), so that under load a
/// publish costs a share of a call instead of a call. No timer: at low rates each publish leaves at once, alone.
/// Each call goes to the next publish grain (<see cref="GrainFactoryExtensions.GetPublisher"/>), so through the next gateway.
/// </summary>
internal sealed class PublishBatcher(Func<IPublishGrain> nextPublisher)
{
    /// <summary>Enough to keep every gateway of a small cluster busy, few enough that batches form under load.</summary>
    public const int MaxCallsInFlight = 4;
    private const int MaxBatchCount = 256;
    private const long MaxBatchChars = 1024 * 1024;

    private readonly Lock _gate = new();
    private readonly List<Pending> _pending = [];
    private int _callsInFlight;

    /// <summary>One attempt of one publish, answered as <see cref="IPublishGrain.Publish(string, SseEvent, Guid, DateTimeOffset)"/> would answer it.</summary>
    public Task<SseEventId> PublishAsync(string path, SseEvent sseEvent, Guid publishId, DateTimeOffset? deadline)
    {
        var pending = new Pending(new PublishItem(path, sseEvent, publishId, deadline));
        Pending[]? batch = null;
        lock (_gate)
        {
            _pending.Add(pending);
            if (_callsInFlight < MaxCallsInFlight)
            {
                _callsInFlight++;
                batch = TakeBatchLocked();
            }
        }

        if (batch is not null)
        {
            _ = CallAsync(batch);
        }

        return pending.Answer.Task;
    }

    // Sends batches until nothing is pending; never throws (each publish learns its own outcome).
    private async Task CallAsync(Pending[] batch)
    {
        while (true)
        {
            var items = new PublishItem[batch.Length];
            for (var i = 0; i < batch.Length; i++)
            {
                items[i] = batch[i].Item;
            }

            try
            {
                var outcomes = await nextPublisher().PublishMany(items);
                for (var i = 0; i < batch.Length; i++)
                {
                    if (outcomes[i].Failure is { } failure)
                    {
                        batch[i].Answer.TrySetException(failure);
                    }
                    else
                    {
                        batch[i].Answer.TrySetResult(outcomes[i].Id);
                    }
                }
            }
            catch (Exception exception)
            {
                foreach (var pending in batch)
                {
                    pending.Answer.TrySetException(exception);
                }
            }

            lock (_gate)
            {
                if (_pending.Count == 0)
                {
                    _callsInFlight--;
                    return;
                }

                batch = TakeBatchLocked();
            }
        }
    }

    private Pending[] TakeBatchLocked()
    {
        var count = 0;
        var chars = 0L;
        while (count < _pending.Count && count < MaxBatchCount && (count == 0 || chars + _pending[count].Item.Event.Data.Length <= MaxBatchChars))
        {
            chars += _pending[count++].Item.Event.Data.Length;
        }

        var batch = _pending.GetRange(0, count).ToArray();
        _pending.RemoveRange(0, count);
        return batch;
    }

    private sealed class Pending(PublishItem item)
    {
        public PublishItem Item => item;

        public TaskCompletionSource<SseEventId> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
