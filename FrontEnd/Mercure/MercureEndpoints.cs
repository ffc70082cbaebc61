using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SseOrleans.FrontEnd.Authorization;
using SseOrleans.FrontEnd.Endpoints;

namespace SseOrleans.FrontEnd.Mercure;

/// <summary>
/// The Mercure hub at <c>/.well-known/mercure</c> (RFC 8615: a path at the host's root, where Mercure clients look
/// for it): <c>GET</c> and <c>HEAD</c> subscribe (CORS and the per-client limits of <c>/subscribe</c>), <c>POST</c>
/// publishes (CORS of <c>/publish</c>); routing answers <c>405</c> to any other method. Query tokens are taken
/// out of the request before it is logged, as on the other endpoints.
/// </summary>
internal static class MercureEndpoints
{
    public const string Path = "/.well-known/mercure";

    public static RouteGroupBuilder Map(IEndpointRouteBuilder endpoints)
    {
        var hub = endpoints.MapGroup(Path);
        hub.MapMethods(string.Empty, [HttpMethods.Get], static (HttpContext context, MercureSubscribe subscribe) => subscribe.SubscribeAsync(context, headersOnly: false))
            .RequireRateLimiting(PerClientConnectionLimit.PolicyName)
            .RequireCors(SubscribeEndpoints.CorsPolicy);
        hub.MapMethods(string.Empty, [HttpMethods.Head], static (HttpContext context, MercureSubscribe subscribe) => subscribe.SubscribeAsync(context, headersOnly: true))
            .RequireCors(SubscribeEndpoints.CorsPolicy);
        hub.MapPost(string.Empty, static (HttpContext context, MercurePublish publish) => publish.PublishAsync(context))
            .RequireCors(PublishEndpoints.CorsPolicy);
        hub.WithMetadata(SseTokenEndpointMetadata.Instance);
        return hub;
    }
}
