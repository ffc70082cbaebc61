using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using SseOrleans.Abstractions;
using SseOrleans.TestSupport;
using StackExchange.Redis;

namespace SseOrleans.Grains.Tests;

/// <summary>A two-silo cluster, so that a namespace's publishes go through both silos' batching, with <c>Sse:History:ProviderType=Redis</c>, on a redis-server of its own.</summary>
public sealed class RedisClusterFixture() : HostFixture<RedisGrainCluster>(RedisGrainCluster.StartAsync)
{
    public IClusterClient Client => Host.Cluster.Client;
}

/// <summary>
/// A redis-server, the grain cluster whose histories it keeps (the keyed connection registered as the
/// hosts' ServiceDefaults would), and the tests' own connection, to look at the keys or make Redis refuse writes.
/// </summary>
public sealed class RedisGrainCluster : IAsyncDisposable
{
    public const string ServiceKey = "redis";

    private RedisGrainCluster(RedisServer server, ConnectionMultiplexer redis, InProcessTestCluster cluster)
    {
        Server = server;
        Redis = redis;
        Cluster = cluster;
    }

    public RedisServer Server { get; }

    public ConnectionMultiplexer Redis { get; }

    public InProcessTestCluster Cluster { get; }

    public string ServiceId => Cluster.Options.ServiceId;

    public static async Task<RedisGrainCluster> StartAsync()
    {
        var server = await RedisServer.StartAsync();
        var redis = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString + ",allowAdmin=true");
        var cluster = await ClusterFixture.StartAsync(
            2,
            new Dictionary<string, string?>
            {
                ["Sse:History:ProviderType"] = SseHistoryOptions.Redis,
                ["Sse:History:ServiceKey"] = ServiceKey,
            },
            services => services.AddKeyedSingleton<IConnectionMultiplexer>(ServiceKey, (_, _) => ConnectionMultiplexer.Connect(server.ConnectionString)));
        return new RedisGrainCluster(server, redis, cluster);
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await Redis.DisposeAsync();
        await Server.DisposeAsync();
    }
}
