using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.Authorization;
using SseOrleans.FrontEnd.Namespaces;
using SseOrleans.FrontEnd.Telemetry;

namespace SseOrleans.FrontEnd.Endpoints;

/// <summary><c>POST /publish/{namespace}[?event=NAME]</c>: the body is the event's data.</summary>
internal static class PublishEndpoints
{
    public const string CorsPolicy = "sse-publish";

    /// <summary>A publisher's own name for one publish, so that publishing again after a <c>503</c> or a lost answer is safe.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    private const int MaxIdempotencyKeyLength = 256;

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
        INamespaceGrains namespaces,
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

        if (!TryGetPublishId(request, out var publishId))
        {
            return PlainTextError.Of(StatusCodes.Status400BadRequest, $"{IdempotencyKeyHeader} must be one value of 1 to {MaxIdempotencyKeyLength} characters");
        }

        var (data, bodyError) = await RequestText.ReadAsync(request, options.Value.MaxMessageBytes, cancellationToken);
        if (bodyError is not null)
        {
            return bodyError;
        }

        try
        {
            // A silo lost or a namespace moving is retried for a while, under one publish id: an attempt
            // that happened although its answer was lost is then not appended twice.
            var id = await namespaces.Publish(path, new SseEvent(name, data!), publishId, options.Value.PublishRetryTimeout, cancellationToken);
            metrics.EventPublished();
            return new PublishAccepted(path, id.ToString());
        }
        catch (PublishIdReusedException exception)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: $"{IdempotencyKeyHeader} reused for a different publish",
                detail: exception.Message);
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

    // The client's Idempotency-Key names the publish (the same key in the same namespace, within
    // Sse:PublishIdRetention, is the same publish, and must have the same event name and body, else 422);
    // without one each request is its own publish.
    private static bool TryGetPublishId(HttpRequest request, out Guid publishId)
    {
        publishId = Guid.NewGuid();
        if (!request.Headers.TryGetValue(IdempotencyKeyHeader, out var values))
        {
            return true;
        }

        if (values.Count != 1 || values[0] is not { Length: > 0 and <= MaxIdempotencyKeyLength } key)
        {
            return false;
        }

        publishId = new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 16));
        return true;
    }
}
