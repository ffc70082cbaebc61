using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using SseOrleans.FrontEnd.Wire;

namespace SseOrleans.FrontEnd.FanOut;

/// <summary>
/// What an <see cref="SseConnection"/> has still to write: shared, pre-encoded batches in order, and whether
/// the stream ends once they are written. Bounded in bytes, replay included: a client further behind than
/// the limit is cut off (it reconnects with Last-Event-ID and replays) instead of holding memory or slowing
/// anyone else; a backlog with nothing queued always takes the next batch, however large. Lock-free: fan-out
/// adds on its own thread, the connection takes under its lock.
/// </summary>
/// <remarks>
/// A struct held in place in its connection (never copied, never in a readonly field), so that queuing an
/// event reads one object, as it did before the backlog had a type of its own.
/// </remarks>
internal struct ConnectionBacklog(int limitBytes)
{
    private readonly ConcurrentQueue<(EncodedBatch Batch, DeliveryTracker? Tracker)> _queue = new();
    private long _bytes;
    private volatile bool _closed;

    public readonly bool IsEmpty => _queue.IsEmpty;

    /// <summary>True once <see cref="Close"/> was called: the stream ends after what is queued.</summary>
    public readonly bool IsClosed => _closed;

    /// <summary>Queues a batch; false (and the tracker told) when that would go over the limit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // per event per connection
    public bool TryAdd(EncodedBatch batch, DeliveryTracker? tracker)
    {
        var queued = Interlocked.Add(ref _bytes, batch.Length);
        if (queued > limitBytes && queued != batch.Length)
        {
            tracker?.Written();
            return false;
        }

        _queue.Enqueue((batch, tracker));
        return true;
    }

    /// <summary>The oldest batch queued, and who waits for it to be written.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // per batch per connection, in the flush's loop
    public bool TryTake(out (EncodedBatch Batch, DeliveryTracker? Tracker) item)
    {
        if (!_queue.TryDequeue(out item))
        {
            return false;
        }

        Interlocked.Add(ref _bytes, -item.Batch.Length);
        return true;
    }

    /// <summary>Ends the stream once what is queued (and what is queued before the end) has been written.</summary>
    public void Close() => _closed = true;

    /// <summary>The stream ended: what is queued will never be written.</summary>
    public readonly void Drop()
    {
        while (_queue.TryDequeue(out var item))
        {
            item.Tracker?.Written();
        }
    }
}
