using Orleans.Dashboard;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.Hosting;
using SseOrleans.Grains;
using SseOrleans.ServiceDefaults;

namespace SseOrleans.Api;

internal static class OrleansHostingExtensions
{
    // What a browser on this machine may call the embedded default by: DNS rebinding (a site whose
    // name resolves to 127.0.0.1) then gets 400 instead of the admin pages and publishing.
    private const string LoopbackHosts = "localhost;127.0.0.1;[::1]";

    /// <summary>
    /// <see cref="SseHostingMode.Cluster"/>: the Api is a pure Orleans client of that cluster (its
    /// providers, gateway list and Redis connections all from the <c>Orleans</c> section, as Aspire
    /// injects it). <see cref="SseHostingMode.Embedded"/>: a silo with the grains in this same
    /// process, answering only to loopback host names unless <c>AllowedHosts</c> says otherwise.
    /// </summary>
    public static WebApplicationBuilder AddSseOrleans(this WebApplicationBuilder builder, SseHostingMode mode)
    {
        if (mode == SseHostingMode.Cluster)
        {
            builder.AddOrleansRedisConnections();
            builder.UseOrleansClient();
            builder.Services.AddSingleton<GatewayHealthCheck>();
            builder.Services.AddSingleton<IClusterConnectionStatusObserver>(services => services.GetRequiredService<GatewayHealthCheck>());
            builder.Services.AddHealthChecks().AddCheck<GatewayHealthCheck>("orleans-gateways");
            return builder;
        }

        // The embedded silo may still keep its namespace histories in Redis (Sse:History:ProviderType=Redis).
        builder.AddOrleansRedisConnections();
        if (string.IsNullOrEmpty(builder.Configuration["AllowedHosts"]))
        {
            builder.Configuration["AllowedHosts"] = LoopbackHosts;
        }

        builder.UseOrleans(silo =>
        {
            silo.AddSseGrains().UseSseLocalhostClustering();
            if (WantsDashboard(builder.Configuration))
            {
                silo.AddDashboard();
            }
        });
        return builder;
    }

    /// <summary>
    /// The Orleans dashboard at <c>/admin/dashboard/</c> when <c>Sse:OrleansDashboard</c> is true and
    /// this process hosts the silo (the embedded default): behind the admin access rules, for
    /// authorized viewers only, since its log stream shows what the logs show (client addresses included).
    /// </summary>
    public static WebApplication MapOrleansDashboardUnderAdmin(this WebApplication app, SseHostingMode mode)
    {
        if (mode == SseHostingMode.Embedded && WantsDashboard(app.Configuration))
        {
            app.MapGroup("/admin").RequireSseAdminAccess(authorizedViewersOnly: true).MapOrleansDashboard("/dashboard");
        }

        return app;
    }

    // Read before the container exists (it decides what the silo hosts), through the same contract
    // that the services bind. Off by default: it profiles every grain call (see BENCHMARKS.md).
    private static bool WantsDashboard(IConfiguration configuration) =>
        configuration.GetSection(SseOptions.SectionName).Get<SseOptions>()?.OrleansDashboard == true;
}
