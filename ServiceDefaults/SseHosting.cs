using Microsoft.Extensions.Configuration;

namespace SseOrleans.ServiceDefaults;

public static class SseHosting
{
    /// <summary>
    /// <see cref="SseHostingMode.Cluster"/> when the <c>Orleans:Clustering</c> section exists (as
    /// Aspire's Orleans integration or the environment variables of docs/cluster.md configure it), else
    /// <see cref="SseHostingMode.Embedded"/>.
    /// </summary>
    public static SseHostingMode DetectMode(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration.GetSection("Orleans:Clustering").Exists() ? SseHostingMode.Cluster : SseHostingMode.Embedded;
    }
}
