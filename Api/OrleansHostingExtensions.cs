using SseOrleans.Grains;

namespace SseOrleans.Api;

internal static class OrleansHostingExtensions
{
    /// <summary>
    /// With <c>Orleans:Clustering</c> configured the Api is a pure Orleans client of that cluster;
    /// without it, the embedded default: a silo with the grains in this same process.
    /// </summary>
    public static WebApplicationBuilder AddSseOrleans(this WebApplicationBuilder builder)
    {
        if (builder.Configuration.GetSection("Orleans:Clustering").Exists())
        {
            builder.UseOrleansClient();
        }
        else
        {
            builder.UseOrleans(silo => silo.AddSseGrains().UseLocalhostClusteringUnlessConfigured());
        }

        return builder;
    }
}
