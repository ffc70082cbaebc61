using System.IO.Pipelines;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.Wire;

namespace SseOrleans.FrontEnd.FanOut;

/// <summary>
/// One subscriber's stream. It first writes its <see cref="StreamPrelude"/> (the <c>retry:</c> line and
/// any replay, page by page as the client reads), then goes live: fan-out queues shared, pre-encoded
/// batches in its <see cref="ConnectionBacklog"/>, and its writing half (<see cref="ConnectionWriter"/>) writes
/// everything queued in one write and one flush when the <see cref="FlushScheduler"/> calls. Every way out (the
/// client leaves, a write or flush fails, the server closes the stream, the client is too slow) ends the run;
/// where the stream is, is one <see cref="ConnectionState"/>. A connection with an <see cref="IFeedView"/> (a
/// Mercure subscriber) writes what the view selects of each batch instead of the shared encoding.
/// </summary>
internal sealed class SseConnection(
    string @namespace,
    string requestPath,
    string? clientIp,
    string? userAgent,
    int bufferLimit,
    FlushScheduler scheduler,
    TimeProvider time,
    IFeedView? view = null) : ConnectionWriter(bufferLimit, scheduler), IFeedSubscriber
{
    public string Namespace { get; } = @namespace;

    public string RequestPath { get; } = requestPath;

    public string? ClientIp { get; } = clientIp;

    public string? UserAgent { get; } = userAgent;

    public DateTimeOffset CreatedAt { get; } = time.GetUtcNow();

    /// <summary>
    /// Queues a batch; false when the connection has ended or just overflowed. The limit bounds the
    /// backlog: a connection with nothing queued always takes the next batch, however large.
    /// </summary>
    public bool Enqueue(EncodedBatch batch, DeliveryTracker? tracker = null)
    {
        if (HasEnded)
        {
            tracker?.Written();
            return false;
        }

        if (!Backlog.TryAdd(batch, tracker))
        {
            End(SseConnectionEnd.TooSlow);
            return false;
        }

        MarkDirty();
        return true;
    }

    void IFeedSubscriber.Deliver(NamespaceEvent[] events, EncodedBatch encoded, DeliveryTracker tracker)
    {
        if (view is null)
        {
            Enqueue(encoded, tracker);
        }
        else if (view.Select(events, encoded) is { } mine)
        {
            Enqueue(mine, tracker);
        }
        else
        {
            tracker.Written();
        }
    }

    /// <summary>Ends the stream after what is queued has been written (a replay in progress stops).</summary>
    public void Close()
    {
        Backlog.Close();
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
        Attach(body);
        await using (aborted.UnsafeRegister(static state => ((SseConnection)state!).End(SseConnectionEnd.ClientLeft), this))
        {
            if (await WritePreludeAsync(prelude, aborted))
            {
                GoLive(prelude.Cursor);
            }

            var end = await Ended;
            Attach(null);
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
                if (!first && Backlog.IsClosed)
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
}
