using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using SseOrleans.Abstractions;
using SseOrleans.TestSupport;

namespace SseOrleans.Grains.Tests;

/// <summary>
/// One in-process Orleans cluster of one silo, histories in memory (which one silo numbers; a cluster of several
/// needs the Redis history, as <see cref="RedisClusterFixture"/> has).
/// </summary>
public sealed class ClusterFixture() : HostFixture<InProcessTestCluster>(() => StartAsync(1, [], _ => { }))
{
    public const int HistorySize = 5;
    public const int HistoryMaxBytes = 2048;

    public IClusterClient Client => Host.Client;

    /// <summary>
    /// Every grain test cluster: the small bounds the tests count on, answers lost on request
    /// (<see cref="LostAnswers"/>, in silos and client), and the settings and services a fixture adds.
    /// </summary>
    public static async Task<InProcessTestCluster> StartAsync(int silos, Dictionary<string, string?> settings, Action<IServiceCollection> services)
    {
        settings["Sse:HistorySize"] = HistorySize.ToString(CultureInfo.InvariantCulture);
        settings["Sse:MaxMessageBytes"] = "1024";
        settings["Sse:HistoryMaxBytes"] = HistoryMaxBytes.ToString(CultureInfo.InvariantCulture);
        var builder = new InProcessTestClusterBuilder((short)silos)
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
