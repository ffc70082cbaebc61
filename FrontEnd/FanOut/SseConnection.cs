using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.Wire;

namespace SseOrleans.FrontEnd.FanOut;

/// <summary>
/// One subscriber's stream. Fan-out enqueues shared, pre-encoded batches and marks the connection
/// dirty; the <see cref="FlushScheduler"/> later writes everything queued in one write and one flush.
/// The backlog is bounded: a client further behind than the buffer is cut off (it reconnects with
/// Last-Event-ID and replays) instead of holding memory or slowing anyone else.
/// </summary>
internal sealed class SseConnection(
    string @namespace,
    string requestPath,
    string? clientIp,
    string? userAgent,
    int bufferLimit,
    FlushScheduler scheduler,
    TimeProvider time)
{
    private readonly ConcurrentQueue<EncodedBatch> _queue = new();
    private readonly TaskCompletionSource<SseConnectionEnd> _end = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Guards the body: writes (scheduler thread, or a slow flush's continuation) never overlap each
    // other nor the end of the response.
    private readonly Lock _gate = new();
    private CancellationTokenSource? _stop;
    private PipeWriter? _body;
    private SseEventId? _cursor;
    private SseConnectionEnd _endReason;
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
    public bool Enqueue(EncodedBatch batch)
    {
        var queued = Interlocked.Add(ref _queuedBytes, batch.Length);
        if (queued > bufferLimit && queued != batch.Length)
        {
            End(SseConnectionEnd.TooSlow);
            return false;
        }

        _queue.Enqueue(batch);
        MarkDirty();
        return true;
    }

    /// <summary>Ends the stream after what is queued has been written.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closing = true;
        }

        MarkDirty();
    }

    /// <summary>
    /// Writes <paramref name="first"/> at once, then lets the scheduler write what is queued, until the
    /// client leaves, the connection is closed, or it falls too far behind. Events of
    /// <paramref name="cursor"/>'s epoch up to it are skipped: the client has them already.
    /// </summary>
    public async Task<SseConnectionEnd> RunAsync(PipeWriter body, ReadOnlyMemory<byte> first, SseEventId? cursor, CancellationToken aborted)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        lock (_gate)
        {
            _stop = stop;
            _cursor = cursor;
        }

        try
        {
            body.Write(first.Span);
            if ((await body.FlushAsync(stop.Token)).IsCompleted)
            {
                End(SseConnectionEnd.ClientLeft);
            }
        }
        catch (OperationCanceledException)
        {
            End(SseConnectionEnd.ClientLeft); // unless it already ended as too slow
        }

        lock (_gate)
        {
            _body = _ended ? null : body;
        }

        await using (aborted.UnsafeRegister(static state => ((SseConnection)state!).End(SseConnectionEnd.ClientLeft), this))
        {
            MarkDirty(); // whatever was queued meanwhile (live events during a replay)
            var end = await _end.Task;
            lock (_gate)
            {
                _body = null;
                _stop = null;
            }

            return end;
        }
    }

    /// <summary>Writes the backlog in one write and one flush; called by the <see cref="FlushScheduler"/>.</summary>
    public void Flush()
    {
        Interlocked.Exchange(ref _dirty, 0);
        ValueTask<FlushResult> flush;
        lock (_gate)
        {
            if (_body is null || _ended || _flushing)
            {
                return;
            }

            var events = 0L;
            while (_queue.TryDequeue(out var batch))
            {
                _body.Write(batch.After(_cursor, out var count).Span);
                batch.Written();
                events += count;
                Interlocked.Add(ref _queuedBytes, -batch.Length);
            }

            Interlocked.Add(ref _eventsSent, events);
            try
            {
                flush = _body.FlushAsync(_stop!.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or InvalidOperationException)
            {
                EndLocked(SseConnectionEnd.ClientLeft);
                return;
            }

            if (flush.IsCompletedSuccessfully)
            {
                AfterFlushLocked(flush.Result);
                return;
            }

            _flushing = true;
        }

        _ = CompleteSlowFlushAsync(flush);
    }

    private async Task CompleteSlowFlushAsync(ValueTask<FlushResult> flush)
    {
        FlushResult? result = null;
        try
        {
            result = await flush;
        }
        catch (Exception exception) when (exception is OperationCanceledException or InvalidOperationException or IOException)
        {
        }

        var more = false;
        lock (_gate)
        {
            _flushing = false;
            if (_ended)
            {
                _end.TrySetResult(_endReason);
            }
            else if (result is { } flushed)
            {
                more = AfterFlushLocked(flushed);
            }
            else
            {
                EndLocked(SseConnectionEnd.ClientLeft);
            }
        }

        if (more)
        {
            MarkDirty();
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

        if (_closing)
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
        CancellationTokenSource? stop;
        lock (_gate)
        {
            if (_ended)
            {
                return;
            }

            EndLocked(reason);
            stop = reason == SseConnectionEnd.TooSlow ? _stop : null;
        }

        // A flush waiting on a client that stopped reading only returns once cancelled.
        stop?.Cancel();
    }

    private void EndLocked(SseConnectionEnd reason)
    {
        if (_ended)
        {
            return;
        }

        _ended = true;
        _endReason = reason;
        if (!_flushing)
        {
            _end.TrySetResult(reason);
        }
    }
}
