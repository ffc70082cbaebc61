using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using SseOrleans.Abstractions;
using SseOrleans.TestSupport;

namespace SseOrleans.Grains.Tests;

/// <summary>One in-process Orleans cluster of two silos, so that events cross silos on their way to the root; histories in memory.</summary>
public sealed class ClusterFixture() : HostFixture<InProcessTestCluster>(() => StartAsync([], _ => { }))
{
    public const int HistorySize = 5;
    public const int HistoryMaxBytes = 2048;

    public IClusterClient Client => Host.Client;

    /// <summary>
    /// Every grain test cluster: the small bounds the tests count on, answers lost on request
    /// (<see cref="LostAnswers"/>, in silos and client), and the settings and services a fixture adds.
    /// </summary>
    public static async Task<InProcessTestCluster> StartAsync(Dictionary<string, string?> settings, Action<IServiceCollection> services)
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
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
