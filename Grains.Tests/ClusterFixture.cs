using System.Globalization;
using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;
using SseOrleans.TestSupport;

namespace SseOrleans.Grains.Tests;

/// <summary>One in-process Orleans cluster of two silos, so that events cross silos on their way to the root.</summary>
public sealed class ClusterFixture() : HostFixture<InProcessTestCluster>(StartAsync)
{
    public const int HistorySize = 5;
    public const int HistoryMaxBytes = 2048;

    public IClusterClient Client => Host.Client;

    private static async Task<InProcessTestCluster> StartAsync()
    {
        var cluster = new InProcessTestClusterBuilder(2)
            .ConfigureHost(host => host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Sse:HistorySize"] = HistorySize.ToString(CultureInfo.InvariantCulture),
                ["Sse:MaxMessageBytes"] = "1024",
                ["Sse:HistoryMaxBytes"] = HistoryMaxBytes.ToString(CultureInfo.InvariantCulture),
            }))
            .ConfigureSilo((_, silo) => silo.AddSseGrains())
            .ConfigureClient(client => client.AddMemoryStreams(Abstractions.SseStreams.ProviderName))
            .Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
