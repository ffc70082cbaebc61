using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.Endpoints;
using SseOrleans.FrontEnd.FanOut;

namespace SseOrleans.Benchmarks.Baseline;

/// <summary>
/// The subset of the Api that the load tool uses: <c>GET /subscribe/{namespace}</c>,
/// <c>POST /publish/{namespace}[?event=NAME]</c> and <c>GET /alive</c>. Requests are read and streams are
/// written by the front-end's own code (namespace rule, body reader, headers, <see cref="SseConnection"/>,
/// <see cref="StreamPrelude"/>); only the grains, their streams and the per-client limits are missing.
/// </summary>
internal static class BaselineEndpoints
{
    // Replay needs a history, which the baseline does not keep; a stream without Last-Event-ID never reads it.
    private static readonly StreamPrelude.PageReader NoHistory =
        (_, _) => Task.FromException<EventReplay>(new NotSupportedException("the baseline keeps no history"));

    public static IEndpointRouteBuilder MapBaseline(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/alive", () => TypedResults.Ok());
        endpoints.MapGet("/subscribe/" + NamespaceRoute.Template, Subscribe);
        endpoints.MapPost("/publish/" + NamespaceRoute.Template, Publish);
        return endpoints;
    }

    private static async Task<IResult> Subscribe(
        string? @namespace, HttpContext context, BaselineHub hub, FlushScheduler scheduler, IOptions<SseOptions> options)
    {
        if (!NamespaceRoute.TryParse(context.Request, @namespace, out var path, out var error))
        {
            return PlainTextError.Of(StatusCodes.Status400BadRequest, error);
        }

        var sse = options.Value;
        var request = context.Request;
        var connection = new SseConnection(
            path,
            request.Path.Value ?? string.Empty,
            context.Connection.RemoteIpAddress?.ToString(),
            request.Headers.UserAgent.ToString(),
            sse.ConnectionBufferSize,
            scheduler,
            TimeProvider.System);
        if (!hub.TryAttach(connection))
        {
            context.Response.Headers.RetryAfter = "5";
            return PlainTextError.Of(StatusCodes.Status503ServiceUnavailable, "the baseline is shutting down");
        }

        try
        {
            // The Api's page size rule does not matter here: without Last-Event-ID nothing is replayed.
            var prelude = StreamPrelude.Create(sse.RetryInterval, path, lastEventId: null, NoHistory, sse.MaxMessageBytes);
            await prelude.StartAsync();
            SubscribeStream.SetStreamHeaders(context.Response);
            context.Features.GetRequiredFeature<IHttpResponseBodyFeature>().DisableBuffering();
            var end = await connection.RunAsync(context.Response.BodyWriter, prelude, context.RequestAborted);
            if (end == SseConnectionEnd.TooSlow)
            {
                context.Abort();
            }

            return TypedResults.Empty;
        }
        finally
        {
            hub.Detach(connection);
        }
    }

    private static async Task<IResult> Publish(
        string? @namespace,
        [FromQuery(Name = "event")] string? eventName,
        HttpRequest request,
        BaselineHub hub,
        IOptions<SseOptions> options,
        CancellationToken cancellationToken)
    {
        if (!NamespaceRoute.TryParse(request, @namespace, out var path, out var error))
        {
            return PlainTextError.Of(StatusCodes.Status400BadRequest, error);
        }

        var name = string.IsNullOrEmpty(eventName) ? null : eventName;
        if (SseEventRules.CheckName(name) is { } nameError)
        {
            return PlainTextError.Of(StatusCodes.Status400BadRequest, nameError);
        }

        var (data, bodyError) = await RequestText.ReadAsync(request, options.Value.MaxMessageBytes, cancellationToken);
        if (bodyError is not null)
        {
            return bodyError;
        }

        var id = hub.Publish(path, name, data!);
        return new PublishAccepted(path, id.ToString());
    }
}
