using SseOrleans.TestSupport;

namespace SseOrleans.Cluster.Tests;

public sealed class SseClusterFixture() : HostFixture<SseCluster>(SseCluster.StartAsync);
