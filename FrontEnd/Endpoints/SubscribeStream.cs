using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.FanOut;
using SseOrleans.FrontEnd.Namespaces;
using SseOrleans.FrontEnd.Telemetry;
using SseOrleans.FrontEnd.Wire;

namespace SseOrleans.FrontEnd.Endpoints;

/// <summary>
/// A subscription as an HTTP response. The connection joins its namespace's feed before anything is
/// sent, so once a client has the headers it receives every event published after that; a client
/// with a Last-Event-ID first gets what it missed (see <see cref="StreamPrelude"/>). A cluster that
/// cannot subscribe or read the first page of history is a <c>503</c>, before the stream starts. A stream
/// whose credential expires ends then, with a comment that says so (one timer per such connection), so
/// that the client reconnects with a fresh token and resumes by Last-Event-ID.
/// </summary>
internal sealed class SubscribeStream(
    FanOutHub hub,
    FlushScheduler scheduler,
    INamespaceGrains namespaces,
    IOptions<SseOptions> options,
    SseMetrics metrics,
    TimeProvider time,
    ILogger<SubscribeStream> logger)
{
    private static readonly EncodedBatch TokenExpired = Comment("the token has expired; reconnect with a fresh one");

    public Task ServeAsync(HttpContext context, string path, string? lastEventId, DateTimeOffset? expiresAt = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var sse = options.Value;

        // The grain is called (and its reference made) only when a replay reads a page: most
        // subscriptions have no Last-Event-ID, and a connect storm should not pay for what they never read.
        var prelude = StreamPrelude.Create(
            sse.RetryInterval, path, lastEventId, (after, maxBytes) => namespaces.GetEventsAfter(path, after, maxBytes), sse.HistoryPageBytes);
        return ServeAsync(context, NewConnection(context, path), prelude, SetStreamHeaders, expiresAt);
    }

    /// <summary>A connection of this request to <paramref name="path"/>'s feed, writing what <paramref name="view"/> selects when one is given.</summary>
    public SseConnection NewConnection(HttpContext context, string path, IFeedView? view = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        return new SseConnection(
            path,
            request.Path.Value ?? string.Empty,
            context.Connection.RemoteIpAddress?.ToString(),
            request.Headers.UserAgent.ToString(),
            options.Value.ConnectionBufferSize,
            scheduler,
            time,
            view);
    }

    /// <summary>Serves <paramref name="connection"/> until it ends: attach, subscribe, the prelude, then live.</summary>
    public async Task ServeAsync(HttpContext context, SseConnection connection, StreamPrelude prelude, Action<HttpResponse> setHeaders, DateTimeOffset? expiresAt)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(prelude);
        ArgumentNullException.ThrowIfNull(setHeaders);
        var sse = options.Value;
        var path = connection.Namespace;
        if (hub.TryAttach(connection) is { } refusal)
        {
            await Unavailable(context, refusal).ExecuteAsync(context);
            return;
        }

        try
        {
            try
            {
                await hub.SubscribeAsync(connection);
                await prelude.StartAsync();
            }
            catch (Exception exception) when (!context.RequestAborted.IsCancellationRequested)
            {
                logger.SubscribeFailed(exception, path);
                await Unavailable(context, "the cluster is unavailable; retry shortly").ExecuteAsync(context);
                return;
            }

            setHeaders(context.Response);
            context.Features.GetRequiredFeature<IHttpResponseBodyFeature>().DisableBuffering();
            if (expiresAt is { } expires)
            {
                logger.StreamExpires(path, expires);
            }

            using var expiry = expiresAt is { } at
                ? time.CreateTimer(static state => ((SseConnection)state!).Close(TokenExpired), connection, Until(at), Timeout.InfiniteTimeSpan)
                : null;
            var end = await connection.RunAsync(context.Response.BodyWriter, prelude, context.RequestAborted);
            metrics.EventsReplayed(prelude.Replayed);
            if (end == SseConnectionEnd.TooSlow)
            {
                logger.SlowClientDropped(path, connection.ClientIp, sse.ConnectionBufferSize);
                metrics.ClientDropped();
                context.Abort();
            }
        }
        finally
        {
            await hub.DetachAsync(connection);
        }
    }

    public static void SetStreamHeaders(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
    }

    private TimeSpan Until(DateTimeOffset at)
    {
        var due = at - time.GetUtcNow();
        return due < TimeSpan.Zero ? TimeSpan.Zero : due;
    }

    private static EncodedBatch Comment(string text)
    {
        var writer = new System.Buffers.ArrayBufferWriter<byte>();
        SseWireFormat.WriteComment(writer, text);
        return EncodedBatch.FromBytes(writer.WrittenSpan.ToArray());
    }

    private static ContentHttpResult Unavailable(HttpContext context, string reason)
    {
        context.Response.Headers.RetryAfter = "5";
        return PlainTextError.Of(StatusCodes.Status503ServiceUnavailable, reason);
    }
}
