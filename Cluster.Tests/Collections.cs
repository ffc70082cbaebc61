// Each collection starts a cluster of five real processes; one cluster at a time, so that the
// failover timing is not shared with another cluster starting beside it.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace SseOrleans.Cluster.Tests;

/// <summary>Delivery and subscriber counts across the front-ends of a healthy cluster.</summary>
[CollectionDefinition(Name)]
public sealed class DeliveryCollectionDefinition : ICollectionFixture<SseClusterFixture>
{
    public const string Name = "delivery";
}

/// <summary>A cluster of its own: the failover test kills one of its silos.</summary>
[CollectionDefinition(Name)]
public sealed class FailoverCollectionDefinition : ICollectionFixture<SseClusterFixture>
{
    public const string Name = "failover";
}

/// <summary>A cluster of its own, with Orleans' failure detection: the production failover test kills one of its silos.</summary>
[CollectionDefinition(Name)]
public sealed class ProductionFailoverCollectionDefinition : ICollectionFixture<ProductionClusterFixture>
{
    public const string Name = "failover-production";
}

/// <summary>A cluster of its own: the restart test takes every silo and front-end down and up again.</summary>
[CollectionDefinition(Name)]
public sealed class RestartCollectionDefinition : ICollectionFixture<SseClusterFixture>
{
    public const string Name = "restart";
}

/// <summary>A cluster of its own: the rolling-restart test kills and restarts each of its processes in turn.</summary>
[CollectionDefinition(Name)]
public sealed class RollingRestartCollectionDefinition : ICollectionFixture<SseClusterFixture>
{
    public const string Name = "rolling-restart";
}

/// <summary>A cluster of its own with Mercure presence on: the presence test kills one of its front-ends.</summary>
[CollectionDefinition(Name)]
public sealed class PresenceCollectionDefinition : ICollectionFixture<PresenceClusterFixture>
{
    public const string Name = "presence";
}
