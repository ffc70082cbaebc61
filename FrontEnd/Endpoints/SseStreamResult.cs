using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.FanOut;
using SseOrleans.FrontEnd.Telemetry;

namespace SseOrleans.FrontEnd.Endpoints;

/// <summary>
/// A subscription as an HTTP response. The connection joins its namespace's feed before anything is
/// sent, so once a client has the headers it receives every event published after that; a client
/// with a Last-Event-ID first gets what it missed (see <see cref="ReplayStart"/>).
/// </summary>
internal sealed class SseStreamResult(string path, string? lastEventId) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var services = httpContext.RequestServices;
        var options = services.GetRequiredService<IOptions<SseOptions>>().Value;
        var hub = services.GetRequiredService<FanOutHub>();
        var logger = services.GetRequiredService<ILogger<SseStreamResult>>();
        var request = httpContext.Request;

        var connection = new SseConnection(
            path,
            request.Path.Value ?? string.Empty,
            httpContext.Connection.RemoteIpAddress?.ToString(),
            request.Headers.UserAgent.ToString(),
            options.ConnectionBufferSize,
            services.GetRequiredService<FlushScheduler>(),
            services.GetRequiredService<TimeProvider>());
        if (hub.TryAttach(connection) is { } refusal)
        {
            await Unavailable(httpContext, refusal).ExecuteAsync(httpContext);
            return;
        }

        try
        {
            ReadOnlyMemory<byte> first;
            SseEventId? cursor;
            try
            {
                await hub.SubscribeAsync(connection);
                (first, cursor, _) = await ReplayStart.BuildAsync(
                    services.GetRequiredService<IGrainFactory>(), path, lastEventId, options.RetryInterval);
            }
            catch (Exception exception) when (!httpContext.RequestAborted.IsCancellationRequested)
            {
                logger.SubscribeFailed(exception, path);
                await Unavailable(httpContext, "the cluster is unavailable; retry shortly").ExecuteAsync(httpContext);
                return;
            }

            SetStreamHeaders(httpContext.Response);
            httpContext.Features.GetRequiredFeature<IHttpResponseBodyFeature>().DisableBuffering();
            var end = await connection.RunAsync(httpContext.Response.BodyWriter, first, cursor, httpContext.RequestAborted);
            if (end == SseConnectionEnd.TooSlow)
            {
                logger.SlowClientDropped(path, connection.ClientIp, options.ConnectionBufferSize);
                services.GetRequiredService<SseMetrics>().ClientDropped();
                httpContext.Abort();
            }
        }
        finally
        {
            hub.Detach(connection);
        }
    }

    private static ContentHttpResult Unavailable(HttpContext httpContext, string reason)
    {
        httpContext.Response.Headers.RetryAfter = "5";
        return PlainTextError.Of(StatusCodes.Status503ServiceUnavailable, reason);
    }

    public static void SetStreamHeaders(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
    }
}
