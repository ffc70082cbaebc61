using SseOrleans.TestSupport;

namespace SseOrleans.Cluster.Tests;

/// <summary>A cluster with the tests' membership (<see cref="SseCluster.DefaultMembership"/>).</summary>
public sealed class SseClusterFixture() : HostFixture<SseCluster>(() => SseCluster.StartAsync());

/// <summary>A cluster with Orleans' own failure detection (<see cref="SseCluster.ProductionMembership"/>).</summary>
public sealed class ProductionClusterFixture() : HostFixture<SseCluster>(() => SseCluster.StartAsync(SseCluster.ProductionMembership));
