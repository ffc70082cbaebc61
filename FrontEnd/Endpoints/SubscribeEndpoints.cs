using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace SseOrleans.FrontEnd.Endpoints;

/// <summary><c>GET|HEAD /subscribe/{namespace}</c>.</summary>
internal static class SubscribeEndpoints
{
    public const string CorsPolicy = "sse-subscribe";

    public static RouteGroupBuilder MapSubscribe(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/subscribe");
        group.MapMethods("/" + NamespaceRoute.Template, [HttpMethods.Get], Subscribe);
        group.MapMethods("/" + NamespaceRoute.Template, [HttpMethods.Head], Head);
        group.RequireCors(CorsPolicy);
        return group;
    }

    private static IResult Subscribe(string? @namespace) =>
        NamespaceRoute.TryParse(@namespace, out var path, out var error)
            ? new SseStreamResult(path)
            : PlainTextError.Of(StatusCodes.Status400BadRequest, error);

    private static IResult Head(string? @namespace, HttpResponse response)
    {
        if (!NamespaceRoute.TryParse(@namespace, out _, out var error))
        {
            return PlainTextError.Of(StatusCodes.Status400BadRequest, error);
        }

        SseStreamResult.SetStreamHeaders(response);
        return TypedResults.Empty;
    }
}
