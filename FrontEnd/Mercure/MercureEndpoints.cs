using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.Authorization;
using SseOrleans.FrontEnd.Endpoints;

namespace SseOrleans.FrontEnd.Mercure;

/// <summary>
/// The Mercure hub at <c>/.well-known/mercure</c> (RFC 8615: a path at the host's root, where Mercure clients look
/// for it): <c>GET</c> and <c>HEAD</c> subscribe (CORS and the per-client limits of <c>/subscribe</c>), <c>POST</c>
/// publishes (CORS of <c>/publish</c>); routing answers <c>405</c> to any other method. With
/// <c>Sse:Mercure:Subscriptions</c> on, <c>GET /.well-known/mercure/subscriptions[/...]</c> is the subscriptions
/// API. Query tokens are taken out of the request before it is logged, as on the other endpoints.
/// </summary>
internal static class MercureEndpoints
{
    public const string Path = "/.well-known/mercure";

    private const string SubscriptionsPath = "/subscriptions";

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
        if (endpoints.ServiceProvider.GetRequiredService<IOptions<SseOptions>>().Value.Mercure.Subscriptions)
        {
            hub.MapGet(SubscriptionsPath, static (HttpContext context, MercureSubscriptionsApi api) => api.GetAsync(context))
                .RequireCors(SubscribeEndpoints.CorsPolicy);
            hub.MapGet(SubscriptionsPath + "/{**rest}", static (HttpContext context, MercureSubscriptionsApi api) => api.GetAsync(context))
                .RequireCors(SubscribeEndpoints.CorsPolicy);
        }

        hub.WithMetadata(SseTokenEndpointMetadata.Instance);
        return hub;
    }
}
