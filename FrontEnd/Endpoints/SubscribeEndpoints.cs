using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SseOrleans.FrontEnd.Authorization;

namespace SseOrleans.FrontEnd.Endpoints;

/// <summary><c>GET|HEAD /subscribe/{namespace}</c>.</summary>
internal static class SubscribeEndpoints
{
    public const string CorsPolicy = "sse-subscribe";

    public static RouteGroupBuilder MapSubscribe(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/subscribe");
        // HEAD costs what a new stream costs of the client's rate, but holds none of its open streams.
        group.MapMethods("/" + NamespaceRoute.Template, [HttpMethods.Get], Subscribe);
        group.MapMethods("/" + NamespaceRoute.Template, [HttpMethods.Head], Head);
        group.RequireRateLimiting(PerClientConnectionLimit.PolicyName);
        group.RequireCors(CorsPolicy);
        group.WithMetadata(SseTokenEndpointMetadata.Instance);
        return group;
    }

    private static async Task<IResult> Subscribe(string? @namespace, HttpContext context, NamespaceAuthorizer authorizer, SubscribeStream stream)
    {
        if (!NamespaceRoute.TryParse(context.Request, @namespace, out var path, out var error))
        {
            return PlainTextError.Of(StatusCodes.Status400BadRequest, error);
        }

        var access = await authorizer.AuthorizeAsync(context, path, NamespaceOperation.Subscribe);
        if (AccessRefusal.Of(context, access) is { } refusal)
        {
            return refusal;
        }

        await stream.ServeAsync(context, path, LastEventId(context.Request), access.ExpiresAt);
        return TypedResults.Empty;
    }

    // EventSource sends the header when it reconnects; the query form is for a first connection
    // that resumes from an id the page kept (EventSource cannot set headers).
    private static string? LastEventId(HttpRequest request) =>
        request.Headers["Last-Event-ID"] is { Count: > 0 } header ? header.ToString()
        : request.Query["lastEventId"] is { Count: > 0 } query ? query.ToString()
        : null;

    private static async Task<IResult> Head(string? @namespace, HttpContext context, NamespaceAuthorizer authorizer)
    {
        if (!NamespaceRoute.TryParse(context.Request, @namespace, out var path, out var error))
        {
            return PlainTextError.Of(StatusCodes.Status400BadRequest, error);
        }

        var access = await authorizer.AuthorizeAsync(context, path, NamespaceOperation.Subscribe);
        if (AccessRefusal.Of(context, access) is { } refusal)
        {
            return refusal;
        }

        SubscribeStream.SetStreamHeaders(context.Response);
        return TypedResults.Empty;
    }
}
