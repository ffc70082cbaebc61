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

/// <summary>
/// A cluster whose front-ends announce Mercure subscriptions (<c>Sse:Mercure:Subscriptions</c>, a lease of
/// <see cref="SubscriptionLease"/>) and read HS256 tokens signed with <see cref="SigningKey"/>; alone as well.
/// </summary>
public sealed class PresenceClusterFixture() : HostFixture<SseCluster>(() => SseCluster.StartAsync(apiSettings: new Dictionary<string, string?>
{
    ["Sse:Auth:SigningKey"] = SigningKey,
    ["Sse:Mercure:Subscriptions"] = "true",
    ["Sse:Mercure:SubscriptionLease"] = "00:00:03",
}))
{
    public const string SigningKey = "cluster-tests-shared-secret-of-32+-bytes";

    public static readonly TimeSpan SubscriptionLease = TimeSpan.FromSeconds(3);

    protected override bool RunsAlone => true;
}
