using System.IO.Pipelines;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.Wire;

namespace SseOrleans.FrontEnd.FanOut;

/// <summary>
/// One subscriber's stream. It first writes its <see cref="StreamPrelude"/> (the <c>retry:</c> line and
/// any replay, page by page as the client reads), then goes live: fan-out queues shared, pre-encoded
/// batches in its <see cref="ConnectionBacklog"/>, and its <see cref="ConnectionWriter"/> writes everything
/// queued in one write and one flush when the <see cref="FlushScheduler"/> calls. Every way out (the client
/// leaves, a write or flush fails, the server closes the stream, the client is too slow) ends the run; where
/// the stream is, is one <see cref="ConnectionState"/>.
/// </summary>
internal sealed class SseConnection : IFeedSubscriber
{
    private readonly ConnectionBacklog _backlog;
    private readonly ConnectionWriter _writer;

    public SseConnection(string @namespace, string requestPath, string? clientIp, string? userAgent, int bufferLimit, FlushScheduler scheduler, TimeProvider time)
    {
        Namespace = @namespace;
        RequestPath = requestPath;
        ClientIp = clientIp;
        UserAgent = userAgent;
        CreatedAt = time.GetUtcNow();
        _backlog = new ConnectionBacklog(bufferLimit);
        _writer = new ConnectionWriter(_backlog, scheduler);
    }

    public string Namespace { get; }

    public string RequestPath { get; }

    public string? ClientIp { get; }

    public string? UserAgent { get; }

    public DateTimeOffset CreatedAt { get; }

    public long EventsSent => _writer.EventsSent;

    /// <summary>
    /// Queues a batch; false when the connection has ended or just overflowed. The limit bounds the
    /// backlog: a connection with nothing queued always takes the next batch, however large.
    /// </summary>
    public bool Enqueue(EncodedBatch batch, DeliveryTracker? tracker = null)
    {
        if (_writer.HasEnded)
        {
            tracker?.Written();
            return false;
        }

        if (!_backlog.TryAdd(batch, tracker))
        {
            _writer.End(SseConnectionEnd.TooSlow);
            return false;
        }

        _writer.MarkDirty();
        return true;
    }

    void IFeedSubscriber.Deliver(NamespaceEvent[] events, EncodedBatch encoded, DeliveryTracker tracker) => Enqueue(encoded, tracker);

    /// <summary>Ends the stream after what is queued has been written (a replay in progress stops).</summary>
    public void Close()
    {
        _backlog.Close();
        _writer.MarkDirty();
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
        _writer.Attach(body);
        await using (aborted.UnsafeRegister(static state => ((ConnectionWriter)state!).End(SseConnectionEnd.ClientLeft), _writer))
        {
            if (await WritePreludeAsync(prelude, aborted))
            {
                _writer.GoLive(prelude.Cursor);
            }

            var end = await _writer.Ended;
            _writer.Attach(null);
            return end;
        }
    }

    private async Task<bool> WritePreludeAsync(StreamPrelude prelude, CancellationToken aborted)
    {
        try
        {
            var first = true;
            await foreach (var piece in prelude.ReadAsync(aborted))
            {
                // Closed while replaying: stop before the next page, and end without what is queued.
                if (!first && _backlog.IsClosed)
                {
                    _writer.End(SseConnectionEnd.Closed);
                    return false;
                }

                first = false;
                if (!await _writer.WriteNowAsync(piece.Bytes))
                {
                    return false;
                }
            }

            return true;
        }
        catch (Exception) when (aborted.IsCancellationRequested)
        {
            _writer.End(SseConnectionEnd.ClientLeft);
            return false;
        }
        catch (Exception)
        {
            // The history could not be read further (the cluster is failing over): end the stream so
            // the client reconnects from the last event it has, rather than continue with a gap.
            _writer.End(SseConnectionEnd.Closed);
            return false;
        }
    }
}
