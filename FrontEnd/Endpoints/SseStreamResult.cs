using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SseOrleans.FrontEnd.FanOut;
using SseOrleans.FrontEnd.Telemetry;
using SseOrleans.FrontEnd.Wire;

namespace SseOrleans.FrontEnd.Endpoints;

/// <summary>
/// A subscription as an HTTP response. The connection joins its namespace's feed before anything is
/// sent, so once a client has the headers it receives every event published after that.
/// </summary>
internal sealed class SseStreamResult(string path) : IResult
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
            services.GetRequiredService<TimeProvider>());
        try
        {
            await hub.AttachAsync(connection);
        }
        catch (Exception exception) when (!httpContext.RequestAborted.IsCancellationRequested)
        {
            logger.SubscribeFailed(exception, path);
            httpContext.Response.Headers.RetryAfter = "5";
            await PlainTextError.Of(StatusCodes.Status503ServiceUnavailable, "the cluster is unavailable; retry shortly").ExecuteAsync(httpContext);
            return;
        }

        try
        {
            SetStreamHeaders(httpContext.Response);
            httpContext.Features.GetRequiredFeature<IHttpResponseBodyFeature>().DisableBuffering();
            var end = await connection.RunAsync(
                httpContext.Response.BodyWriter,
                SseWireFormat.Preamble(options.RetryInterval),
                cursor: null,
                httpContext.RequestAborted);
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

    public static void SetStreamHeaders(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
    }
}
