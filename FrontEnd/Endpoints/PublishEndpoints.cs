using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.Authorization;
using SseOrleans.FrontEnd.Telemetry;

namespace SseOrleans.FrontEnd.Endpoints;

/// <summary><c>POST /publish/{namespace}[?event=NAME]</c>: the body is the event's data.</summary>
internal static class PublishEndpoints
{
    public const string CorsPolicy = "sse-publish";

    public static RouteGroupBuilder MapPublish(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/publish");
        group.MapPost("/" + NamespaceRoute.Template, Publish)
            .AddEndpointFilter<PublishOriginFilter>()
            .WithMetadata(SseTokenEndpointMetadata.Instance);
        group.RequireCors(CorsPolicy);
        return group;
    }

    private static async Task<IResult> Publish(
        string? @namespace,
        [FromQuery(Name = "event")] string? eventName,
        HttpRequest request,
        NamespaceAuthorizer authorizer,
        IGrainFactory grains,
        IOptions<SseOptions> options,
        SseMetrics metrics,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        if (!NamespaceRoute.TryParse(request, @namespace, out var path, out var error))
        {
            return PlainTextError.Of(StatusCodes.Status400BadRequest, error);
        }

        var access = await authorizer.AuthorizeAsync(request.HttpContext, path, NamespaceOperation.Publish);
        if (AccessRefusal.Of(request.HttpContext, access) is { } refusal)
        {
            return refusal;
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

        try
        {
            var id = await grains.GetGrain<INamespaceGrain>(path).Publish(new SseEvent(name, data!));
            metrics.EventPublished();
            return TypedResults.Accepted((string?)null, new PublishAccepted(path, id.ToString()));
        }
        catch (ArgumentException exception)
        {
            return PlainTextError.Of(StatusCodes.Status400BadRequest, exception.Message.Split('\n')[0]);
        }
        catch (Exception exception) when (exception is OrleansException or TimeoutException)
        {
            loggers.CreateLogger(typeof(PublishEndpoints)).PublishUnavailable(exception, path);
            request.HttpContext.Response.Headers.RetryAfter = "5";
            return PlainTextError.Of(StatusCodes.Status503ServiceUnavailable, "the cluster is unavailable; retry shortly");
        }
    }
}
