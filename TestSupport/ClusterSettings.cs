using System.Globalization;

namespace SseOrleans.TestSupport;

/// <summary>
/// The settings of a cluster's processes as the README's cluster settings (and scripts/run-cluster.sh) give
/// them, exactly the keys Aspire's Orleans integration injects: what every process shares, and a silo's
/// stream subscriptions and histories in Redis and its ports on loopback.
/// </summary>
public static class ClusterSettings
{
    /// <summary>What every process (silo or front-end) shares.</summary>
    public static Dictionary<string, string?> Shared(string clusterId, string redis) => new()
    {
        ["Orleans:ClusterId"] = clusterId,
        ["Orleans:ServiceId"] = "sse-orleans-tests",
        ["Orleans:Clustering:ProviderType"] = "Redis",
        ["Orleans:Clustering:ServiceKey"] = "redis",
        ["ConnectionStrings:redis"] = redis,
        ["Orleans:Streaming:sse:ProviderType"] = "Memory",
    };

    /// <summary>A silo's: <paramref name="pubSubStore"/> and <paramref name="history"/> name where stream subscriptions and histories are kept.</summary>
    public static Dictionary<string, string?> Silo(
        string clusterId, string redis, int siloPort, int gatewayPort, string pubSubStore = "Redis", string history = "Redis")
    {
        var settings = Shared(clusterId, redis);
        settings["Orleans:GrainStorage:PubSubStore:ProviderType"] = pubSubStore;
        settings["Orleans:GrainStorage:PubSubStore:ServiceKey"] = "redis";
        settings["Sse:History:ProviderType"] = history;
        settings["Sse:History:ServiceKey"] = "redis";
        settings["Orleans:Endpoints:AdvertisedIPAddress"] = "127.0.0.1";
        settings["Orleans:Endpoints:SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture);
        settings["Orleans:Endpoints:GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture);
        return settings;
    }
}
