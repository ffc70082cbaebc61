using System.Diagnostics;
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
/// client in the test process for cluster-wide queries. Every HTTP port is the one its process chose
/// (port 0, read from its log); the silos' Orleans ports are chosen free beforehand (Orleans cannot bind
/// port 0) and kept when the silos restart (Redis stays). Everything is killed on dispose.
/// </summary>
public sealed class SseCluster : IAsyncDisposable
{
    /// <summary>How often front-ends report subscriber counts to the grains in these tests.</summary>
    public static readonly TimeSpan SubscriberReportInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Front-ends renew every count at a third of this (1 s), which is also how soon a front-end learns
    /// that its namespace's newest id is ahead of what it delivered.
    /// </summary>
    public static readonly TimeSpan SubscriberLease = TimeSpan.FromSeconds(3);

    /// <summary>Where stream subscriptions are kept (see <see cref="SiloFailoverTests"/> for why Redis).</summary>
    public static string PubSubStoreProvider { get; } = Environment.GetEnvironmentVariable("SSE_TEST_PUBSUBSTORE") ?? "Redis";

    /// <summary>Where namespace histories live: Redis, as docs/cluster.md configures a cluster (<c>SSE_TEST_HISTORY=Memory</c>: silos that refuse to start, as a cluster with memory histories must).</summary>
    public static string HistoryProvider { get; } = Environment.GetEnvironmentVariable("SSE_TEST_HISTORY") ?? "Redis";

    /// <summary>
    /// How fast a killed silo is declared dead, unless a cluster is started with its own: by default after
    /// two missed 1 s probes instead of Orleans' three missed 5 s ones. <c>SSE_TEST_MEMBERSHIP=Production</c>
    /// keeps Orleans' defaults and <c>SSE_TEST_MEMBERSHIP=00:00:02,2</c> sets <c>ProbeTimeout</c> and
    /// <c>NumMissedProbesLimit</c>.
    /// </summary>
    public static string DefaultMembership { get; } = Environment.GetEnvironmentVariable("SSE_TEST_MEMBERSHIP") ?? "00:00:01,2";

    /// <summary>The membership setting that keeps Orleans' own failure detection.</summary>
    public const string ProductionMembership = "Production";

    // Generous: a machine busy with other builds and tests slows a restarted silo far beyond its usual start.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private readonly List<ChildProcess> _processes = [];
    private readonly string _clusterId = "test-" + Guid.NewGuid().ToString("N")[..8];
    private readonly int[] _orleansPorts = FreePorts.Take(4);
    private RedisServer? _redis;
    private IHost? _client;

    private readonly IReadOnlyDictionary<string, string?> _apiSettings;

    private SseCluster(string membership, IReadOnlyDictionary<string, string?>? apiSettings)
    {
        Membership = membership;
        _apiSettings = apiSettings ?? new Dictionary<string, string?>();
    }

    /// <summary>This cluster's membership setting (see <see cref="DefaultMembership"/>).</summary>
    public string Membership { get; }

    public HttpClient Api1 { get; private set; } = null!;

    public HttpClient Api2 { get; private set; } = null!;

    public ChildProcess Silo1 { get; private set; } = null!;

    public ChildProcess Silo2 { get; private set; } = null!;

    /// <summary>The front-end processes behind <see cref="Api1"/> and <see cref="Api2"/>.</summary>
    public ChildProcess FrontEnd1 { get; private set; } = null!;

    public ChildProcess FrontEnd2 { get; private set; } = null!;

    public IClusterClient Client => _client!.Services.GetRequiredService<IClusterClient>();

    private string RedisAddress => _redis!.Address;

    /// <summary>Starts a cluster; <paramref name="apiSettings"/> are added to both front-ends' settings.</summary>
    public static async Task<SseCluster> StartAsync(string? membership = null, IReadOnlyDictionary<string, string?>? apiSettings = null)
    {
        var cluster = new SseCluster(membership ?? DefaultMembership, apiSettings);
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

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    /// <summary>The last output of every process, for failure messages.</summary>
    public string RecentOutput()
    {
        lock (_processes)
        {
            return string.Join(Environment.NewLine, _processes.Select(p => p.RecentOutput()));
        }
    }

    public Task<int> SubscriberCountAsync(string path) =>
        Client.GetGrain<Abstractions.INamespaceGrain>(path).GetSubscriberCount();

    /// <summary>The silo that hosts <paramref name="path"/>'s namespace grain, which this activates if it was not active.</summary>
    public async Task<ClusterNode> SiloOfAsync(string path)
    {
        var grain = Client.GetGrain<Abstractions.INamespaceGrain>(path);
        await grain.GetSubscriberCount();
        var silo = await Client.GetGrain<IManagementGrain>(0).GetActivationAddress(grain);
        return silo?.Endpoint.Port == _orleansPorts[0] ? ClusterNode.Silo1
            : silo?.Endpoint.Port == _orleansPorts[2] ? ClusterNode.Silo2
            : throw new InvalidOperationException($"{path} is active on {silo?.ToString() ?? "no silo"}, neither of this cluster's.");
    }

    /// <summary>
    /// The first of <paramref name="name"/>(0), (1), … whose namespace grain is active on <paramref name="silo"/>
    /// (placement is not the tests' to choose; each name tried is activated). Tries for up to 30 s: until the
    /// client knows both gateways and the silos have exchanged their load, placement may favour one silo.
    /// </summary>
    public async Task<string> NamespaceOnAsync(ClusterNode silo, Func<int, string> name)
    {
        var deadline = Stopwatch.StartNew();
        var i = 0;
        for (; i < 4096 && (i < 64 || deadline.Elapsed < PlacementWait); i++)
        {
            if (await SiloOfAsync(name(i)) == silo)
            {
                return name(i);
            }

            if (i >= 64)
            {
                // Placement follows load statistics the silos exchange every few seconds: poll, do not spin.
                await Task.Delay(TimeSpan.FromMilliseconds(100));
            }
        }

        throw new InvalidOperationException($"None of {i} names like {name(0)} was placed on {silo} within {PlacementWait.TotalSeconds:F0} s.");
    }

    private static readonly TimeSpan PlacementWait = TimeSpan.FromSeconds(30);

    /// <summary>SIGKILL to one process: no shutdown, no goodbye to the cluster. It stays down until <see cref="RestartAsync"/>.</summary>
    public void Kill(ClusterNode node) => ProcessOf(node).Kill();

    /// <summary>
    /// Starts a killed process again, as an orchestrator replaces it: a silo on its Orleans ports, a front-end on
    /// an HTTP port of its own (<see cref="Api1"/> or <see cref="Api2"/> then addresses it); returns once it is healthy.
    /// </summary>
    public async Task RestartAsync(ClusterNode node)
    {
        var process = node switch
        {
            ClusterNode.Silo1 => Silo1 = await StartSiloAsync("silo1", siloPort: _orleansPorts[0], gatewayPort: _orleansPorts[1]),
            ClusterNode.Silo2 => Silo2 = await StartSiloAsync("silo2", siloPort: _orleansPorts[2], gatewayPort: _orleansPorts[3]),
            ClusterNode.FrontEnd1 => FrontEnd1 = await StartApiAsync("api1"),
            _ => FrontEnd2 = await StartApiAsync("api2"),
        };
        await WaitHealthyAsync(process);
        if (node == ClusterNode.FrontEnd1)
        {
            Api1.Dispose();
            Api1 = LoopbackHttp.Client(FrontEnd1.BaseAddress!);
        }
        else if (node == ClusterNode.FrontEnd2)
        {
            Api2.Dispose();
            Api2 = LoopbackHttp.Client(FrontEnd2.BaseAddress!);
        }
    }

    private ChildProcess ProcessOf(ClusterNode node) => node switch
    {
        ClusterNode.Silo1 => Silo1,
        ClusterNode.Silo2 => Silo2,
        ClusterNode.FrontEnd1 => FrontEnd1,
        _ => FrontEnd2,
    };

    /// <summary>
    /// The whole cluster goes down without warning (SIGKILL: every silo, then every front-end), then comes
    /// back, silos first (on their Orleans ports; <see cref="Api1"/> and <see cref="Api2"/> then address the
    /// new front-ends); only Redis survives.
    /// </summary>
    public async Task RestartAllAsync()
    {
        foreach (var process in _processes.ToArray())
        {
            process.Kill();
            await process.DisposeAsync();
            _processes.Remove(process);
        }

        await StartOrleansProcessesAsync(silosFirst: true);
    }

    private async Task StartProcessesAsync()
    {
        _redis = await RedisServer.StartAsync();
        await StartOrleansProcessesAsync(silosFirst: false);

        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(OrleansSettings());
        builder.AddOrleansRedisConnections();
        builder.UseOrleansClient();
        _client = builder.Build();
        using var timeout = new CancellationTokenSource(StartTimeout);
        await _client.StartAsync(timeout.Token);
    }

    // All at once when nothing depends on the order (front-ends keep looking for gateways); silos
    // healthy first when the point is a cluster that comes back in that order.
    private async Task StartOrleansProcessesAsync(bool silosFirst)
    {
        var silos = StartSilosAsync();
        if (silosFirst)
        {
            await silos;
            await WaitHealthyAsync(Silo1, Silo2);
        }

        var apis = await Task.WhenAll(StartApiAsync("api1"), StartApiAsync("api2"));
        await silos;
        await WaitHealthyAsync(Silo1, Silo2, apis[0], apis[1]);
        Api1?.Dispose();
        Api2?.Dispose();
        (FrontEnd1, FrontEnd2) = (apis[0], apis[1]);
        Api1 = LoopbackHttp.Client(apis[0].BaseAddress!);
        Api2 = LoopbackHttp.Client(apis[1].BaseAddress!);
    }

    private async Task WaitHealthyAsync(params ChildProcess[] processes)
    {
        foreach (var process in processes)
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
    }

    private async Task StartSilosAsync()
    {
        var silos = await Task.WhenAll(
            StartSiloAsync("silo1", siloPort: _orleansPorts[0], gatewayPort: _orleansPorts[1]),
            StartSiloAsync("silo2", siloPort: _orleansPorts[2], gatewayPort: _orleansPorts[3]));
        (Silo1, Silo2) = (silos[0], silos[1]);
    }

    private Task<ChildProcess> StartSiloAsync(string name, int siloPort, int gatewayPort) =>
        StartProjectAsync(name, "Silo", SiloSettings(_clusterId, RedisAddress, siloPort, gatewayPort, Membership));

    /// <summary>
    /// A silo's settings, as docs/cluster.md's settings give them (<see cref="ClusterSettings.Silo"/>), with
    /// this suite's providers and failure detection (<see cref="DefaultMembership"/>).
    /// </summary>
    public static Dictionary<string, string?> SiloSettings(string clusterId, string redis, int siloPort, int gatewayPort, string membership)
    {
        var settings = ClusterSettings.Silo(clusterId, redis, siloPort, gatewayPort, PubSubStoreProvider, HistoryProvider);
        if (!string.Equals(membership, ProductionMembership, StringComparison.OrdinalIgnoreCase))
        {
            var (probeTimeout, missedProbes) = (membership.Split(',')[0], membership.Split(',')[1]);
            settings["Orleans:Membership:ProbeTimeout"] = probeTimeout;
            settings["Orleans:Membership:NumMissedProbesLimit"] = missedProbes;
        }

        return settings;
    }

    private Task<ChildProcess> StartApiAsync(string name)
    {
        var settings = OrleansSettings();
        settings["Sse:SubscriberReportInterval"] = SubscriberReportInterval.ToString("c", CultureInfo.InvariantCulture);
        settings["Sse:SubscriberLease"] = SubscriberLease.ToString("c", CultureInfo.InvariantCulture);
        settings["Orleans:Gateway:GatewayListRefreshPeriod"] = "00:00:05";
        foreach (var (key, value) in _apiSettings)
        {
            settings[key] = value;
        }

        return StartProjectAsync(name, "Api", settings);
    }

    private async Task<ChildProcess> StartProjectAsync(string name, string project, Dictionary<string, string?> settings)
    {
        settings["Logging:LogLevel:Default"] = "Warning";
        settings["Logging:LogLevel:SseOrleans"] = "Information";
        try
        {
            var process = await ChildProcess.StartProjectAsync(name, project, settings, StartTimeout);
            lock (_processes)
            {
                _processes.Add(process);
            }

            return process;
        }
        catch (Exception exception) when (exception is TimeoutException or InvalidOperationException)
        {
            throw new InvalidOperationException($"The cluster did not start: {exception.Message}{Environment.NewLine}{RecentOutput()}", exception);
        }
    }

    private Dictionary<string, string?> OrleansSettings() => ClusterSettings.Shared(_clusterId, RedisAddress);
}
