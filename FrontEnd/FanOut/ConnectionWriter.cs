using System.Buffers;
using System.IO.Pipelines;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.Wire;

namespace SseOrleans.FrontEnd.FanOut;

/// <summary>
/// The writing half of an <see cref="SseConnection"/>: its response body, its backlog, its
/// <see cref="ConnectionLifecycle"/>, and every write. A piece of the prelude is written and flushed at once
/// (<see cref="WriteNowAsync"/>); live, the <see cref="FlushScheduler"/> has the whole backlog written in one
/// write and one flush (<see cref="Flush"/>), skipping what the replay already sent. Writes never overlap each
/// other nor the end of the response. A base class rather than an object of its own, so that queuing an
/// event and flushing touch one object per connection.
/// </summary>
internal abstract class ConnectionWriter(int bufferLimit, FlushScheduler scheduler)
{
    // Structs held in place (not readonly: their methods change them where they are).
    private ConnectionBacklog _backlog = new(bufferLimit);
    private ConnectionLifecycle _life = new();

    // Guards the body, the state and the cursor: writes (the prelude, the scheduler's thread, a slow flush's
    // continuation) never overlap each other nor the end of the response.
    private readonly Lock _gate = new();
    private PipeWriter? _body;
    private SseEventId? _cursor;
    private long _eventsSent;

    // Set while the writer waits in the scheduler's queue, so that it is queued there once.
    private int _dirty;

    public long EventsSent => Interlocked.Read(ref _eventsSent);

    /// <summary>Completes with the end of the stream, once no write waits for the client.</summary>
    protected Task<SseConnectionEnd> Ended => _life.Ended;

    /// <summary>True once the stream has ended (read without the lock, before queuing).</summary>
    protected bool HasEnded => _life.HasEnded;

    /// <summary>What is still to be written; the struct itself, in place.</summary>
    protected ref ConnectionBacklog Backlog => ref _backlog;

    /// <summary>Writes the backlog in one write and one flush; called by the scheduler. True when something was sent.</summary>
    public bool Flush()
    {
        Interlocked.Exchange(ref _dirty, 0);
        ValueTask<FlushResult> flush;
        lock (_gate)
        {
            if (_life.State != ConnectionState.Live || _body is null)
            {
                return false;
            }

            var events = 0L;
            var wrote = false;
            try
            {
                while (_backlog.TryTake(out var item))
                {
                    _body.Write(item.Batch.After(_cursor, out var count).Span);
                    item.Tracker?.Written();
                    events += count;
                    wrote = true;
                }

                if (!wrote)
                {
                    if (_backlog.IsClosed)
                    {
                        EndLocked(SseConnectionEnd.Closed);
                    }

                    return false;
                }

                // Counted before the flush: the client may have them before the flush returns.
                Interlocked.Add(ref _eventsSent, events);
                flush = _body.FlushAsync();
            }
            catch (Exception)
            {
                // The response is gone (the client left mid-write): nothing more can be sent.
                EndLocked(SseConnectionEnd.ClientLeft);
                return false;
            }

            if (flush.IsCompletedSuccessfully)
            {
                if (AfterFlushLocked(flush.Result))
                {
                    MarkDirty();
                }

                return true;
            }

            _life.StartWaiting();
        }

        _ = FinishLiveFlushAsync(flush);
        return true;
    }

    /// <summary>The response body to write to, until the run ends (<paramref name="body"/> null).</summary>
    protected void Attach(PipeWriter? body)
    {
        lock (_gate)
        {
            _body = body;
        }
    }

    /// <summary>The prelude is written: live from now on, after <paramref name="cursor"/> in its epoch.</summary>
    protected void GoLive(SseEventId? cursor)
    {
        lock (_gate)
        {
            _cursor = cursor;
            _life.GoLive();
        }

        MarkDirty(); // what was queued meanwhile (live events during a replay)
    }

    /// <summary>Has the scheduler write the backlog soon.</summary>
    protected void MarkDirty()
    {
        if (Interlocked.Exchange(ref _dirty, 1) == 0)
        {
            scheduler.MarkDirty(this);
        }
    }

    /// <summary>Writes and flushes a piece of the prelude at once, outside the scheduler; true when the stream goes on.</summary>
    protected async ValueTask<bool> WriteNowAsync(ReadOnlyMemory<byte> bytes)
    {
        ValueTask<FlushResult> flush;
        lock (_gate)
        {
            if (_life.State != ConnectionState.Replaying || _body is null)
            {
                return false;
            }

            try
            {
                _body.Write(bytes.Span);
                flush = _body.FlushAsync();
            }
            catch (Exception)
            {
                EndLocked(SseConnectionEnd.ClientLeft);
                return false;
            }

            if (flush.IsCompletedSuccessfully)
            {
                AfterFlushLocked(flush.Result);
                return !_life.HasEnded;
            }

            _life.StartWaiting();
        }

        return await FinishFlushAsync(flush, ConnectionState.Replaying);
    }

    /// <summary>Ends the stream: what is queued is dropped, and a write waiting for the client is cancelled.</summary>
    protected void End(SseConnectionEnd reason)
    {
        lock (_gate)
        {
            var writing = _life.State == ConnectionState.Writing;
            EndLocked(reason);

            // A flush waiting on a client that stopped reading only returns once cancelled. Cancelled
            // here, under the lock: while a flush is pending the response cannot have completed, so
            // this never reaches a later request on the same HTTP connection.
            if (writing)
            {
                _body?.CancelPendingFlush();
            }
        }
    }

    private async Task FinishLiveFlushAsync(ValueTask<FlushResult> flush)
    {
        if (await FinishFlushAsync(flush, ConnectionState.Live) && (!_backlog.IsEmpty || _backlog.IsClosed))
        {
            MarkDirty();
        }
    }

    // Settles a write that waited for the client, back to `resume`. Whatever the flush throws ends the
    // stream: no path may leave a write waiting, or the run would never end and the request hang.
    private async Task<bool> FinishFlushAsync(ValueTask<FlushResult> flush, ConnectionState resume)
    {
        FlushResult? result;
        try
        {
            result = await flush;
        }
        catch (Exception)
        {
            result = null;
        }

        lock (_gate)
        {
            if (!_life.WriteReturned(resume))
            {
                return false;
            }

            if (result is not { IsCompleted: false, IsCanceled: false })
            {
                EndLocked(SseConnectionEnd.ClientLeft);
                return false;
            }

            return true;
        }
    }

    // After a flush that completed at once; true when there is more to write.
    private bool AfterFlushLocked(FlushResult result)
    {
        if (result.IsCompleted || result.IsCanceled)
        {
            EndLocked(SseConnectionEnd.ClientLeft);
            return false;
        }

        if (!_backlog.IsEmpty)
        {
            return true;
        }

        if (_backlog.IsClosed && _life.State == ConnectionState.Live)
        {
            EndLocked(SseConnectionEnd.Closed);
        }

        return false;
    }

    private void EndLocked(SseConnectionEnd reason)
    {
        if (_life.TryEnd(reason))
        {
            // After the end, which Enqueue checks first, so that little can be queued behind the drop.
            _backlog.Drop();
        }
    }
}
