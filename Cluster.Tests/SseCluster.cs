using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SseOrleans.ServiceDefaults;
using SseOrleans.TestSupport;

namespace SseOrleans.Cluster.Tests;

/// <summary>
/// A real cluster on loopback: redis-server, two Silo processes and two Api processes configured only
/// through environment variables, as Aspire or scripts/run-cluster.sh configure them, plus an Orleans
/// client in the test process for cluster-wide queries. Everything is killed on dispose.
/// </summary>
public sealed class SseCluster : IAsyncDisposable
{
    /// <summary>How often front-ends report subscriber counts to the grains in these tests.</summary>
    public static readonly TimeSpan SubscriberReportInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>Where stream subscriptions are kept (see <see cref="SiloFailoverTests"/> for why Redis).</summary>
    public static string PubSubStoreProvider { get; } = Environment.GetEnvironmentVariable("SSE_TEST_PUBSUBSTORE") ?? "Redis";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly List<ChildProcess> _processes = [];
    private readonly string _clusterId = "test-" + Guid.NewGuid().ToString("N")[..8];
    private IHost? _client;
    private int _redisPort;

    private SseCluster()
    {
    }

    public HttpClient Api1 { get; private set; } = null!;

    public HttpClient Api2 { get; private set; } = null!;

    public ChildProcess Silo1 { get; private set; } = null!;

    public IClusterClient Client => _client!.Services.GetRequiredService<IClusterClient>();

    public static async Task<SseCluster> StartAsync()
    {
        var cluster = new SseCluster();
        try
        {
            await cluster.StartProcessesAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _client.StopAsync(stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            _client.Dispose();
        }

        Api1?.Dispose();
        Api2?.Dispose();
        for (var i = _processes.Count - 1; i >= 0; i--)
        {
            await _processes[i].DisposeAsync();
        }
    }

    /// <summary>The last output of every process, for failure messages.</summary>
    public string RecentOutput() => string.Join(Environment.NewLine, _processes.Select(p => p.RecentOutput()));

    public Task<int> SubscriberCountAsync(string path) =>
        Client.GetGrain<Abstractions.INamespaceGrain>(path).GetSubscriberCount();

    private async Task StartProcessesAsync()
    {
        // All at once, so that no two of them are the same port.
        var ports = FreePorts.Take(9);
        _redisPort = ports[0];
        _processes.Add(ChildProcess.Start(
            "redis",
            "redis-server",
            ["--port", Port(_redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            Path.GetTempPath()));

        Silo1 = StartSilo("silo1", siloPort: ports[1], gatewayPort: ports[2], httpPort: ports[3]);
        StartSilo("silo2", siloPort: ports[4], gatewayPort: ports[5], httpPort: ports[6]);
        var api1 = StartApi("api1", ports[7]);
        var api2 = StartApi("api2", ports[8]);

        foreach (var process in _processes.Skip(1))
        {
            try
            {
                await process.WaitHealthyAsync(StartTimeout);
            }
            catch (Exception exception) when (exception is TimeoutException or InvalidOperationException)
            {
                throw new InvalidOperationException($"The cluster did not start: {exception.Message}{Environment.NewLine}{RecentOutput()}", exception);
            }
        }

        Api1 = LoopbackHttp.Client(api1.BaseAddress!);
        Api2 = LoopbackHttp.Client(api2.BaseAddress!);

        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(OrleansSettings());
        builder.AddOrleansRedisConnections();
        builder.UseOrleansClient();
        _client = builder.Build();
        using var timeout = new CancellationTokenSource(StartTimeout);
        await _client.StartAsync(timeout.Token);
    }

    private ChildProcess StartSilo(string name, int siloPort, int gatewayPort, int httpPort)
    {
        var settings = OrleansSettings();
        settings["Orleans:GrainStorage:PubSubStore:ProviderType"] = PubSubStoreProvider;
        settings["Orleans:GrainStorage:PubSubStore:ServiceKey"] = "redis";
        settings["Orleans:Endpoints:AdvertisedIPAddress"] = "127.0.0.1";
        settings["Orleans:Endpoints:SiloPort"] = Port(siloPort);
        settings["Orleans:Endpoints:GatewayPort"] = Port(gatewayPort);

        // A killed silo is declared dead after two missed 1 s probes instead of Orleans' three missed 5 s ones.
        settings["Orleans:Membership:ProbeTimeout"] = "00:00:01";
        settings["Orleans:Membership:NumMissedProbesLimit"] = "2";
        return StartProject(name, "Silo", httpPort, settings);
    }

    private ChildProcess StartApi(string name, int httpPort)
    {
        var settings = OrleansSettings();
        settings["Sse:SubscriberReportInterval"] = SubscriberReportInterval.ToString("c", CultureInfo.InvariantCulture);
        settings["Orleans:Gateway:GatewayListRefreshPeriod"] = "00:00:05";
        return StartProject(name, "Api", httpPort, settings);
    }

    private ChildProcess StartProject(string name, string project, int httpPort, Dictionary<string, string?> settings)
    {
        settings["Logging:LogLevel:Default"] = "Warning";
        settings["Logging:LogLevel:SseOrleans"] = "Information";
        var process = ChildProcess.StartProject(name, project, LoopbackHttp.Address(httpPort), settings);
        _processes.Add(process);
        return process;
    }

    /// <summary>What every process shares, exactly the keys Aspire's Orleans integration injects.</summary>
    private Dictionary<string, string?> OrleansSettings() => new()
    {
        ["Orleans:ClusterId"] = _clusterId,
        ["Orleans:ServiceId"] = "sse-orleans-tests",
        ["Orleans:Clustering:ProviderType"] = "Redis",
        ["Orleans:Clustering:ServiceKey"] = "redis",
        ["ConnectionStrings:redis"] = $"127.0.0.1:{Port(_redisPort)}",
        ["Orleans:Streaming:sse:ProviderType"] = "Memory",
    };

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}
