namespace SseOrleans.Grains.Tests;

/// <summary>The grain tests that need silos share one cluster; the others construct what they test directly.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollectionDefinition : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}

/// <summary>The grain tests whose histories are in Redis share one cluster and one redis-server.</summary>
[CollectionDefinition(Name)]
public sealed class RedisClusterCollectionDefinition : ICollectionFixture<RedisClusterFixture>
{
    public const string Name = "redis cluster";
}
