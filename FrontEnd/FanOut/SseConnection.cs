using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.IO.Pipelines;
using System.Threading.Channels;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.Wire;

namespace SseOrleans.FrontEnd.FanOut;

/// <summary>
/// One subscriber's stream. Fan-out enqueues shared, pre-encoded batches; the connection's writer
/// drains everything queued into one write and one flush. Queued bytes are bounded: a client that
/// falls further behind is cut off (it reconnects with Last-Event-ID and replays) instead of
/// holding memory or slowing anyone else.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "The token source has no timer; fan-out may still signal it after the request ends, so it is never disposed.")]
internal sealed class SseConnection(string @namespace, string requestPath, string? clientIp, string? userAgent, int bufferLimit, TimeProvider time)
{
    private readonly Channel<EncodedBatch> _queue = Channel.CreateUnbounded<EncodedBatch>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });
    private readonly CancellationTokenSource _overflow = new();
    private long _queuedBytes;
    private long _eventsSent;
    private int _overflowed;

    public string Namespace { get; } = @namespace;

    public string RequestPath { get; } = requestPath;

    public string? ClientIp { get; } = clientIp;

    public string? UserAgent { get; } = userAgent;

    public DateTimeOffset CreatedAt { get; } = time.GetUtcNow();

    public long EventsSent => Interlocked.Read(ref _eventsSent);

    /// <summary>Queues a batch; false when the connection is closing or just overflowed.</summary>
    public bool Enqueue(EncodedBatch batch)
    {
        if (Interlocked.Add(ref _queuedBytes, batch.Length) > bufferLimit)
        {
            if (Interlocked.Exchange(ref _overflowed, 1) == 0)
            {
                _queue.Writer.TryComplete();
                _overflow.Cancel();
            }

            return false;
        }

        return _queue.Writer.TryWrite(batch);
    }

    /// <summary>Ends the stream after what is queued has been written.</summary>
    public void Close() => _queue.Writer.TryComplete();

    /// <summary>
    /// Writes <paramref name="first"/>, then everything queued, until the client leaves, the
    /// connection is closed, or it overflows. Events of <paramref name="cursor"/>'s epoch up to it are
    /// skipped: the client has them already (from its Last-Event-ID or the replay).
    /// </summary>
    public async Task<SseConnectionEnd> RunAsync(PipeWriter body, ReadOnlyMemory<byte> first, SseEventId? cursor, CancellationToken aborted)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(aborted, _overflow.Token);
        var reader = _queue.Reader;
        try
        {
            body.Write(first.Span);
            var flushed = await body.FlushAsync(stop.Token);
            while (!flushed.IsCompleted && await reader.WaitToReadAsync(stop.Token))
            {
                var events = 0L;
                while (reader.TryRead(out var batch))
                {
                    body.Write(batch.After(cursor, out var count).Span);
                    batch.Written();
                    events += count;
                    Interlocked.Add(ref _queuedBytes, -batch.Length);
                }

                Interlocked.Add(ref _eventsSent, events);
                flushed = await body.FlushAsync(stop.Token);
            }

            return flushed.IsCompleted ? SseConnectionEnd.ClientLeft : SseConnectionEnd.Closed;
        }
        catch (OperationCanceledException)
        {
            return _overflow.IsCancellationRequested ? SseConnectionEnd.TooSlow : SseConnectionEnd.ClientLeft;
        }
    }
}
