using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;
using SseOrleans.Grains;

namespace SseOrleans.Grains.Tests;

/// <summary>One in-process Orleans cluster (two silos) shared by the grain tests.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public const int HistorySize = 5;
    public const int HistoryMaxBytes = 2048;

    public InProcessTestCluster Cluster { get; } = new InProcessTestClusterBuilder(2)
        .ConfigureHost(host => host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sse:HistorySize"] = HistorySize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Sse:MaxMessageBytes"] = "1024",
            ["Sse:HistoryMaxBytes"] = HistoryMaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }))
        .ConfigureSilo((_, silo) => silo.AddSseGrains())
        .ConfigureClient(client => client.AddMemoryStreams(Abstractions.SseStreams.ProviderName))
        .Build();

    public IClusterClient Client => Cluster.Client;

    public Task InitializeAsync() => Cluster.DeployAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ClusterCollectionDefinition : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
