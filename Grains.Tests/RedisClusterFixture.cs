using Microsoft.Extensions.DependencyInjection;
using SseOrleans.Abstractions;
using StackExchange.Redis;

namespace SseOrleans.Grains.Tests;

/// <summary>
/// The same two-silo cluster with <c>Sse:History:ProviderType=Redis</c> on a redis-server of its own; the
/// keyed connection is registered as the hosts' ServiceDefaults would. <see cref="Redis"/> is the tests' own
/// connection, to look at the keys or make Redis refuse writes.
/// </summary>
public sealed class RedisClusterFixture : ClusterFixture
{
    public const string ServiceKey = "redis";

    private RedisServer? _server;
    private ConnectionMultiplexer? _redis;

    public RedisServer Server => _server ?? throw new InvalidOperationException("Redis has not started.");

    public ConnectionMultiplexer Redis => _redis ?? throw new InvalidOperationException("Redis has not started.");

    public override async Task InitializeAsync()
    {
        _server = await RedisServer.StartAsync();
        _redis = await ConnectionMultiplexer.ConnectAsync(_server.ConnectionString + ",allowAdmin=true");
        var connectionString = _server.ConnectionString;
        var cluster = Build(
            new Dictionary<string, string?>
            {
                ["Sse:History:ProviderType"] = SseHistoryOptions.Redis,
                ["Sse:History:ServiceKey"] = ServiceKey,
            },
            services => services.AddKeyedSingleton<IConnectionMultiplexer>(ServiceKey, (_, _) => ConnectionMultiplexer.Connect(connectionString)));
        SetCluster(cluster);
        await cluster.DeployAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class RedisClusterCollectionDefinition : ICollectionFixture<RedisClusterFixture>
{
    public const string Name = "redis cluster";
}
