using Orleans.Dashboard;
using SseOrleans.FrontEnd.Hosting;
using SseOrleans.Grains;
using SseOrleans.ServiceDefaults;

namespace SseOrleans.Api;

internal static class OrleansHostingExtensions
{
    /// <summary>
    /// With <c>Orleans:Clustering</c> configured the Api is a pure Orleans client of that cluster (its
    /// providers, gateway list and Redis connections all from the <c>Orleans</c> section, as Aspire
    /// injects it); without it, the embedded default: a silo with the grains in this same process.
    /// </summary>
    public static WebApplicationBuilder AddSseOrleans(this WebApplicationBuilder builder)
    {
        if (IsClusterClient(builder.Configuration))
        {
            builder.AddOrleansRedisConnections();
            builder.UseOrleansClient();
            builder.Services.AddSingleton<GatewayHealthCheck>();
            builder.Services.AddSingleton<IClusterConnectionStatusObserver>(services => services.GetRequiredService<GatewayHealthCheck>());
            builder.Services.AddHealthChecks().AddCheck<GatewayHealthCheck>("orleans-gateways");
        }
        else
        {
            builder.UseOrleans(silo =>
            {
                silo.AddSseGrains().UseLocalhostClusteringUnlessConfigured();
                if (WantsDashboard(builder.Configuration))
                {
                    silo.AddDashboard();
                }
            });
        }

        return builder;
    }

    /// <summary>
    /// The Orleans dashboard at <c>/admin/dashboard/</c> when <c>Sse:OrleansDashboard</c> is true and
    /// this process hosts the silo (the embedded default): behind the admin access rules, for
    /// authorized viewers only, since its log stream shows what the logs show (client addresses included).
    /// </summary>
    public static WebApplication MapOrleansDashboardUnderAdmin(this WebApplication app)
    {
        if (!IsClusterClient(app.Configuration) && WantsDashboard(app.Configuration))
        {
            app.MapGroup("/admin").RequireSseAdminAccess(authorizedViewersOnly: true).MapOrleansDashboard("/dashboard");
        }

        return app;
    }

    // Off by default: the dashboard profiles every grain call and runs its own metrics reader, about
    // 14% of one core under a 1,000 events/s load here.
    private static bool WantsDashboard(IConfiguration configuration) =>
        configuration.GetValue<bool>("Sse:OrleansDashboard");

    private static bool IsClusterClient(IConfiguration configuration) =>
        configuration.GetSection("Orleans:Clustering").Exists();
}
