using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.Admin;
using SseOrleans.FrontEnd.Authorization;
using SseOrleans.FrontEnd.Endpoints;
using SseOrleans.FrontEnd.FanOut;
using SseOrleans.FrontEnd.Mercure;
using SseOrleans.FrontEnd.Namespaces;
using SseOrleans.FrontEnd.Telemetry;

namespace SseOrleans.FrontEnd.Hosting;

/// <summary>
/// The front-end in any ASP.NET Core app that is an Orleans client or co-hosts a silo:
/// <c>builder.AddSseFrontEnd()</c>, then <c>app.UseCors()</c>, <c>app.UseRateLimiter()</c> and
/// <c>app.MapSse()</c>.
/// </summary>
public static class SseFrontEndExtensions
{
    public static IHostApplicationBuilder AddSseFrontEnd(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddSseOptions();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SseOptions>, OpenAdminRule>());
        services.TryAddSingleton(TimeProvider.System);

        // Telemetry: the counts the fan-out keeps and the instruments that observe them.
        services.AddSingleton<SseCounters>();
        services.AddSingleton<SseMetrics>();

        // Fan-out: connections by namespace, one stream subscription each (its holes repaired from the
        // history by the one owner of repairs), one flush loop.
        services.AddSingleton<FrontEndIdentity>();
        services.AddSingleton<INamespaceStreams, OrleansNamespaceStreams>();
        services.AddSingleton<INamespaceGrains, OrleansNamespaceGrains>();
        services.AddSingleton<FeedRepairs>();
        services.AddHostedService(provider => provider.GetRequiredService<FeedRepairs>());
        services.AddSingleton<FanOutHub>();
        services.AddSingleton<FlushScheduler>();
        services.AddHostedService(provider => provider.GetRequiredService<FlushScheduler>());
        services.AddHostedService<KeepAliveService>();
        services.AddHostedService<SubscriberCountReporter>();
        services.AddHostedService<GapCheck>();
        services.AddHostedService<GracefulShutdown>();
        services.AddSingleton<FeedRecovery>();
        services.AddSingleton<IClusterConnectionStatusObserver>(provider => provider.GetRequiredService<FeedRecovery>());
        services.AddHostedService(provider => provider.GetRequiredService<FeedRecovery>());

        // Status: this front-end's entry in the cluster directory, and the report the admin pages show.
        services.AddSingleton<StatusReportBuilder>();
        services.AddHostedService<DirectoryReporter>();

        // Who may subscribe and publish where: grants are subtrees, checked with ASP.NET Core authorization.
        builder.AddSseAuthorization();

        // The Mercure hub: topics as namespaces, connections grouped by filter.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SseOptions>, MercureNamespaceRule>());
        services.AddSingleton(provider => new TopicNamespaces(provider.GetRequiredService<IOptions<SseOptions>>().Value.Mercure.Namespace));
        services.AddSingleton<MercureGroups>();
        services.AddSingleton<MercureAuthentication>();
        services.AddSingleton<MercurePublish>();
        services.AddSingleton<MercureSubscribe>();

        // Presence: subscription events and the subscriptions API (Sse:Mercure:Subscriptions).
        services.AddSingleton<MercureSubscriptionsReporter>();
        services.AddHostedService(provider => provider.GetRequiredService<MercureSubscriptionsReporter>());
        services.AddSingleton<MercureSubscriptionsApi>();

        // Endpoints.
        services.AddSingleton<SubscribeStream>();
        services.AddSingleton<NewStreamBuckets>();
        services.AddRateLimiter(limiter => limiter.AddPolicy<PerClientConnectionLimit.Partition, PerClientConnectionLimit>(PerClientConnectionLimit.PolicyName));
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<SseOptions>>((cors, sse) =>
        {
            cors.AddPolicy(SubscribeEndpoints.CorsPolicy, policy =>
            {
                var origins = sse.Value.AllowedOrigins;
                // Named origins may send cookies (a token in the cookie); "*" cannot, by the CORS rules.
                if (origins.Contains("*"))
                {
                    policy.AllowAnyOrigin();
                }
                else
                {
                    policy.WithOrigins(origins).AllowCredentials();
                }

                policy.WithMethods("GET", "HEAD").AllowAnyHeader();
            });
            cors.AddPolicy(PublishEndpoints.CorsPolicy, policy => policy
                .WithOrigins(sse.Value.PublishOrigins)
                .WithMethods("POST")
                .AllowAnyHeader()
                .AllowCredentials());
        });
        return builder;
    }

    /// <summary>
    /// Maps <c>{prefix}/subscribe/...</c>, <c>{prefix}/publish/...</c> and <c>{prefix}/admin/...</c>, and, unless
    /// <c>Sse:Mercure:Enabled</c> is false, the Mercure hub at <c>/.well-known/mercure</c> (at the host's root
    /// whatever the prefix, where Mercure clients look for it; see <see cref="MapMercure"/>). The returned group
    /// takes the host's own conventions (authorization, rate limiting) for the prefixed endpoints.
    /// </summary>
    public static RouteGroupBuilder MapSse(this IEndpointRouteBuilder endpoints, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var root = endpoints.MapGroup(prefix);
        root.MapSubscribe();
        root.MapPublish();
        root.MapAdmin();
        if (endpoints.ServiceProvider.GetRequiredService<IOptions<SseOptions>>().Value.Mercure.Enabled)
        {
            endpoints.MapMercure();
        }

        return root;
    }

    /// <summary>
    /// Maps only the Mercure hub, <c>/.well-known/mercure</c>, on <paramref name="endpoints"/> (give it the app
    /// itself, so that the path is at the host's root). For hosts that want the hub without <see cref="MapSse"/>,
    /// which maps it already unless <c>Sse:Mercure:Enabled</c> is false.
    /// </summary>
    public static RouteGroupBuilder MapMercure(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return MercureEndpoints.Map(endpoints);
    }
}
