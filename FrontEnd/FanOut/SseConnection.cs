using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.Wire;

namespace SseOrleans.FrontEnd.FanOut;

/// <summary>
/// One subscriber's stream. It first writes its <see cref="StreamPrelude"/> (the <c>retry:</c> line and
/// any replay, page by page as the client reads), then goes live: fan-out enqueues shared, pre-encoded
/// batches and marks the connection dirty, and the <see cref="FlushScheduler"/> writes everything
/// queued in one write and one flush. The backlog is bounded, replay included: a client further behind
/// than the buffer is cut off (it reconnects with Last-Event-ID and replays) instead of holding memory
/// or slowing anyone else. Every way out (the client leaves, a write or flush fails, the server closes
/// the stream, the client is too slow) ends the run.
/// </summary>
internal sealed class SseConnection(
    string @namespace,
    string requestPath,
    string? clientIp,
    string? userAgent,
    int bufferLimit,
    FlushScheduler scheduler,
    TimeProvider time) : IFeedSubscriber
{
    private readonly ConcurrentQueue<(EncodedBatch Batch, DeliveryTracker? Tracker)> _queue = new();
    private readonly TaskCompletionSource<SseConnectionEnd> _end = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Guards the body and the state below: writes (the prelude, the scheduler's thread, a slow flush's
    // continuation) never overlap each other nor the end of the response.
    private readonly Lock _gate = new();
    private PipeWriter? _body;
    private SseEventId? _cursor;
    private SseConnectionEnd _endReason;
    private bool _live;
    private bool _flushing;
    private bool _closing;
    private bool _ended;
    private long _queuedBytes;
    private long _eventsSent;
    private int _dirty;

    public string Namespace { get; } = @namespace;

    public string RequestPath { get; } = requestPath;

    public string? ClientIp { get; } = clientIp;

    public string? UserAgent { get; } = userAgent;

    public DateTimeOffset CreatedAt { get; } = time.GetUtcNow();

    public long EventsSent => Interlocked.Read(ref _eventsSent);

    /// <summary>
    /// Queues a batch; false when the connection has ended or just overflowed. The limit bounds the
    /// backlog: a connection with nothing queued always takes the next batch, however large.
    /// </summary>
    public bool Enqueue(EncodedBatch batch, DeliveryTracker? tracker = null)
    {
        if (Volatile.Read(ref _ended))
        {
            tracker?.Written();
            return false;
        }

        var queued = Interlocked.Add(ref _queuedBytes, batch.Length);
        if (queued > bufferLimit && queued != batch.Length)
        {
            tracker?.Written();
            End(SseConnectionEnd.TooSlow);
            return false;
        }

        _queue.Enqueue((batch, tracker));
        MarkDirty();
        return true;
    }

    void IFeedSubscriber.Deliver(NamespaceEvent[] events, EncodedBatch encoded, DeliveryTracker tracker) => Enqueue(encoded, tracker);

    /// <summary>Ends the stream after what is queued has been written (a replay in progress stops).</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closing = true;
        }

        MarkDirty();
    }

    /// <summary>
    /// Ends the stream with a last comment (<paramref name="farewell"/>, e.g. that its token expired) after
    /// what is queued; a replay in progress stops without it.
    /// </summary>
    public void Close(EncodedBatch farewell)
    {
        Enqueue(farewell);
        Close();
    }

    /// <summary>
    /// Writes <paramref name="prelude"/>, each piece once the previous one has been flushed to the
    /// client, then lets the scheduler write what is queued, skipping what the replay already sent, until
    /// the stream ends. A replay that does not finish ends the stream without writing anything queued
    /// behind it, so the client never sees a gap: it reconnects from the last event it got.
    /// </summary>
    public async Task<SseConnectionEnd> RunAsync(PipeWriter body, StreamPrelude prelude, CancellationToken aborted)
    {
        ArgumentNullException.ThrowIfNull(prelude);
        lock (_gate)
        {
            _body = body;
        }

        await using (aborted.UnsafeRegister(static state => ((SseConnection)state!).End(SseConnectionEnd.ClientLeft), this))
        {
            if (await WritePreludeAsync(prelude, aborted))
            {
                lock (_gate)
                {
                    _cursor = prelude.Cursor;
                    _live = true;
                }

                MarkDirty(); // what was queued meanwhile (live events during a replay)
            }

            var end = await _end.Task;
            lock (_gate)
            {
                _body = null;
            }

            return end;
        }
    }

    /// <summary>
    /// Writes the backlog in one write and one flush; called by the <see cref="FlushScheduler"/>. True
    /// when something was sent.
    /// </summary>
    public bool Flush()
    {
        Interlocked.Exchange(ref _dirty, 0);
        ValueTask<FlushResult> flush;
        lock (_gate)
        {
            if (!_live || _ended || _flushing || _body is null)
            {
                return false;
            }

            var events = 0L;
            var wrote = false;
            try
            {
                while (_queue.TryDequeue(out var item))
                {
                    _body.Write(item.Batch.After(_cursor, out var count).Span);
                    item.Tracker?.Written();
                    events += count;
                    Interlocked.Add(ref _queuedBytes, -item.Batch.Length);
                    wrote = true;
                }

                if (!wrote)
                {
                    if (_closing)
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

            _flushing = true;
        }

        _ = FinishLiveFlushAsync(flush);
        return true;
    }

    private async Task<bool> WritePreludeAsync(StreamPrelude prelude, CancellationToken aborted)
    {
        try
        {
            var first = true;
            await foreach (var piece in prelude.ReadAsync(aborted))
            {
                // Closed while replaying: stop before the next page, and end without what is queued.
                if (!first && Volatile.Read(ref _closing))
                {
                    End(SseConnectionEnd.Closed);
                    return false;
                }

                first = false;
                if (!await WriteNowAsync(piece.Bytes))
                {
                    return false;
                }
            }

            return true;
        }
        catch (Exception) when (aborted.IsCancellationRequested)
        {
            End(SseConnectionEnd.ClientLeft);
            return false;
        }
        catch (Exception)
        {
            // The history could not be read further (the cluster is failing over): end the stream so
            // the client reconnects from the last event it has, rather than continue with a gap.
            End(SseConnectionEnd.Closed);
            return false;
        }
    }

    // Writes and flushes at once, outside the scheduler; true when the stream goes on.
    private async ValueTask<bool> WriteNowAsync(ReadOnlyMemory<byte> bytes)
    {
        ValueTask<FlushResult> flush;
        lock (_gate)
        {
            if (_ended || _body is null)
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
                return !_ended;
            }

            _flushing = true;
        }

        return await FinishFlushAsync(flush);
    }

    private async Task FinishLiveFlushAsync(ValueTask<FlushResult> flush)
    {
        if (await FinishFlushAsync(flush) && (!_queue.IsEmpty || Volatile.Read(ref _closing)))
        {
            MarkDirty();
        }
    }

    // Settles a flush that did not complete at once. Whatever it throws ends the stream: no path may
    // leave _flushing set, or the end would never be signalled and the request would hang.
    private async Task<bool> FinishFlushAsync(ValueTask<FlushResult> flush)
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
            _flushing = false;
            if (result is not { IsCompleted: false, IsCanceled: false })
            {
                EndLocked(SseConnectionEnd.ClientLeft);
            }

            if (_ended)
            {
                _end.TrySetResult(_endReason);
                return false;
            }

            return true;
        }
    }

    // True when there is more to write.
    private bool AfterFlushLocked(FlushResult result)
    {
        if (result.IsCompleted || result.IsCanceled)
        {
            EndLocked(SseConnectionEnd.ClientLeft);
            return false;
        }

        if (!_queue.IsEmpty)
        {
            return true;
        }

        if (_closing && _live)
        {
            EndLocked(SseConnectionEnd.Closed);
        }

        return false;
    }

    private void MarkDirty()
    {
        if (Interlocked.Exchange(ref _dirty, 1) == 0)
        {
            scheduler.MarkDirty(this);
        }
    }

    private void End(SseConnectionEnd reason)
    {
        lock (_gate)
        {
            if (_ended)
            {
                return;
            }

            EndLocked(reason);

            // A flush waiting on a client that stopped reading only returns once cancelled. Cancelled
            // here, under the lock: while a flush is pending the response cannot have completed, so
            // this never reaches a later request on the same HTTP connection.
            if (_flushing)
            {
                _body?.CancelPendingFlush();
            }
        }
    }

    private void EndLocked(SseConnectionEnd reason)
    {
        if (_ended)
        {
            return;
        }

        Volatile.Write(ref _ended, true);
        _endReason = reason;
        while (_queue.TryDequeue(out var item))
        {
            item.Tracker?.Written();
        }

        if (!_flushing)
        {
            _end.TrySetResult(reason);
        }
    }
}
