using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SseOrleans.ServiceDefaults;

namespace SseOrleans.Cluster.Tests;

/// <summary>
/// A real cluster on loopback: redis-server, two Silo processes and two Api processes configured only
/// through environment variables, as Aspire or scripts/run-cluster.sh configure them, plus an Orleans
/// client in the test process for cluster-wide queries. Everything is killed on dispose.
/// </summary>
public sealed class SseCluster : IAsyncLifetime
{
    /// <summary>How often front-ends report subscriber counts to the grains in these tests.</summary>
    public static readonly TimeSpan SubscriberReportInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>Where stream subscriptions are kept (see <see cref="SiloFailoverTests"/> for why Redis).</summary>
    public static string PubSubStoreProvider { get; } = Environment.GetEnvironmentVariable("SSE_TEST_PUBSUBSTORE") ?? "Redis";

    /// <summary>Where namespace histories live: Redis, as the README configures a cluster (<c>SSE_TEST_HISTORY=Memory</c> for the old behaviour).</summary>
    public static string HistoryProvider { get; } = Environment.GetEnvironmentVariable("SSE_TEST_HISTORY") ?? "Redis";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly List<ChildProcess> _processes = [];
    private readonly string _clusterId = "test-" + Guid.NewGuid().ToString("N")[..8];
    private IHost? _client;
    private int _redisPort;

    public HttpClient Api1 { get; private set; } = null!;

    public HttpClient Api2 { get; private set; } = null!;

    internal ChildProcess Silo1 { get; private set; } = null!;

    public IClusterClient Client => _client!.Services.GetRequiredService<IClusterClient>();

    public async Task InitializeAsync()
    {
        try
        {
            await StartAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
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
            _processes[i].Dispose();
        }
    }

    /// <summary>The last output of every process, for failure messages.</summary>
    public string RecentOutput() => string.Join(Environment.NewLine, _processes.Select(p => p.RecentOutput()));

    public Task<int> SubscriberCountAsync(string path) =>
        Client.GetGrain<Abstractions.INamespaceGrain>(path).GetSubscriberCount();

    /// <summary>POST /publish{path}; returns the status code (503 while the cluster recovers).</summary>
    public static async Task<System.Net.HttpStatusCode> PublishAsync(HttpClient api, string path, string data, CancellationToken cancellationToken)
    {
        using var content = new StringContent(data);
        using var response = await api.PostAsync(new Uri("publish" + path, UriKind.Relative), content, cancellationToken);
        return response.StatusCode;
    }

    private async Task StartAsync()
    {
        var ports = FreePorts.Take(9);
        _redisPort = ports[0];
        _processes.Add(ChildProcess.Start(
            "redis",
            "redis-server",
            ["--port", Port(_redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            Path.GetTempPath(),
            new Dictionary<string, string>()));

        var silo = BuildOutput("Silo");
        Silo1 = StartSilo(silo, "silo1", siloPort: ports[1], gatewayPort: ports[2], httpPort: ports[3]);
        StartSilo(silo, "silo2", siloPort: ports[4], gatewayPort: ports[5], httpPort: ports[6]);

        var api = BuildOutput("Api");
        Api1 = StartApi(api, "api1", ports[7]);
        Api2 = StartApi(api, "api2", ports[8]);

        using var timeout = new CancellationTokenSource(StartTimeout);
        foreach (var http in new[] { ports[3], ports[6], ports[7], ports[8] })
        {
            await WaitHealthyAsync(http, timeout.Token);
        }

        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(OrleansSettings());
        builder.AddOrleansRedisConnections();
        builder.UseOrleansClient();
        _client = builder.Build();
        await _client.StartAsync(timeout.Token);
    }

    private ChildProcess StartSilo(string dll, string name, int siloPort, int gatewayPort, int httpPort)
    {
        var settings = OrleansSettings();
        settings["Orleans:GrainStorage:PubSubStore:ProviderType"] = PubSubStoreProvider;
        settings["Orleans:GrainStorage:PubSubStore:ServiceKey"] = "redis";
        settings["Sse:History:ProviderType"] = HistoryProvider;
        settings["Sse:History:ServiceKey"] = "redis";
        settings["Orleans:Endpoints:AdvertisedIPAddress"] = "127.0.0.1";
        settings["Orleans:Endpoints:SiloPort"] = Port(siloPort);
        settings["Orleans:Endpoints:GatewayPort"] = Port(gatewayPort);

        // Declare a killed silo dead in ~2-3 s instead of Orleans' default ~10-15 s (5 s probes, 3 misses).
        settings["Orleans:Membership:ProbeTimeout"] = "00:00:01";
        settings["Orleans:Membership:NumMissedProbesLimit"] = "2";
        return StartDotnet(dll, name, httpPort, settings);
    }

    private HttpClient StartApi(string dll, string name, int httpPort)
    {
        var settings = OrleansSettings();
        settings["Sse:SubscriberReportInterval"] = SubscriberReportInterval.ToString("c", CultureInfo.InvariantCulture);
        settings["Orleans:Gateway:GatewayListRefreshPeriod"] = "00:00:05";
        StartDotnet(dll, name, httpPort, settings);
        return new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port(httpPort)}/") };
    }

    private ChildProcess StartDotnet(string dll, string name, int httpPort, Dictionary<string, string?> settings)
    {
        var environment = settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!);
        environment["Logging__LogLevel__Default"] = "Warning";
        environment["Logging__LogLevel__SseOrleans"] = "Information";
        var process = ChildProcess.Start(
            name,
            "dotnet",
            [dll, "--urls", $"http://127.0.0.1:{Port(httpPort)}"],
            Path.GetDirectoryName(dll)!,
            environment);
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

    private async Task WaitHealthyAsync(int port, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        while (true)
        {
            if (_processes.Find(p => p.HasExited) is { } exited)
            {
                throw new InvalidOperationException($"{exited.Name} exited during start.{Environment.NewLine}{RecentOutput()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{Port(port)}/health"), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // This attempt timed out; the deadline has not passed.
            }

            // Polling a condition with a deadline: a process offers no event for "ready".
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }

    /// <summary>The dll of a project built in the same configuration as these tests.</summary>
    private static string BuildOutput(string project)
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        var root = testOutput;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "SseOrleans.sln")))
        {
            root = root.Parent;
        }

        var dll = Path.Combine(root!.FullName, project, "bin", configuration, framework, $"SseOrleans.{project}.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build {project} first", dll);
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}
