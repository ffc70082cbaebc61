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
        if (builder.Configuration.GetSection("Orleans:Clustering").Exists())
        {
            builder.AddOrleansRedisConnections();
            builder.UseOrleansClient();
            builder.Services.AddSingleton<GatewayHealthCheck>();
            builder.Services.AddSingleton<IClusterConnectionStatusObserver>(services => services.GetRequiredService<GatewayHealthCheck>());
            builder.Services.AddHealthChecks().AddCheck<GatewayHealthCheck>("orleans-gateways");
        }
        else
        {
            builder.UseOrleans(silo => silo.AddSseGrains().UseLocalhostClusteringUnlessConfigured());
        }

        return builder;
    }
}
