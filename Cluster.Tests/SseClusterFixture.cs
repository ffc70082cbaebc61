using SseOrleans.TestSupport;

namespace SseOrleans.Cluster.Tests;

/// <summary>
/// A cluster with the tests' membership (<see cref="SseCluster.DefaultMembership"/>): 1 s probes, so it runs
/// with no other host of the suite beside it (<see cref="SuiteLock"/>).
/// </summary>
public sealed class SseClusterFixture() : HostFixture<SseCluster>(() => SseCluster.StartAsync())
{
    protected override bool RunsAlone => true;
}

/// <summary>A cluster with Orleans' own failure detection (<see cref="SseCluster.ProductionMembership"/>), alone as well.</summary>
public sealed class ProductionClusterFixture() : HostFixture<SseCluster>(() => SseCluster.StartAsync(SseCluster.ProductionMembership))
{
    protected override bool RunsAlone => true;
}
