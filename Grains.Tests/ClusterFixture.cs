using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using SseOrleans.Abstractions;

namespace SseOrleans.Grains.Tests;

/// <summary>One in-process Orleans cluster (two silos) shared by the grain tests; histories in memory.</summary>
public class ClusterFixture : IAsyncLifetime
{
    public const int HistorySize = 5;
    public const int HistoryMaxBytes = 2048;

    private InProcessTestCluster? _cluster;

    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster has not started.");

    public IClusterClient Client => Cluster.Client;

    public string ServiceId => Cluster.Options.ServiceId;

    public virtual async Task InitializeAsync()
    {
        _cluster = Build(new Dictionary<string, string?>(), _ => { });
        await _cluster.DeployAsync();
    }

    protected void SetCluster(InProcessTestCluster cluster) => _cluster = cluster;

    public virtual async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    /// <summary>Every test cluster: the grains' small bounds, lost answers on request, and what a subclass adds.</summary>
    protected static InProcessTestCluster Build(Dictionary<string, string?> settings, Action<IServiceCollection> services)
    {
        settings["Sse:HistorySize"] = HistorySize.ToString(CultureInfo.InvariantCulture);
        settings["Sse:MaxMessageBytes"] = "1024";
        settings["Sse:HistoryMaxBytes"] = HistoryMaxBytes.ToString(CultureInfo.InvariantCulture);
        var builder = new InProcessTestClusterBuilder(2)
            .ConfigureHost(host =>
            {
                host.Configuration.AddInMemoryCollection(settings);
                host.Services.AddSingleton<IOutgoingGrainCallFilter, LostAnswers>();
                services(host.Services);
            })
            .ConfigureSilo((_, silo) => silo.AddSseGrains())
            .ConfigureClient(client => client.AddMemoryStreams(SseStreams.ProviderName));
        builder.Options.ServiceId = "grains-tests-" + Guid.NewGuid().ToString("N")[..8];
        return builder.Build();
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollectionDefinition : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
