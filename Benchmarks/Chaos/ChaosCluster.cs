using System.Globalization;
using SseOrleans.TestSupport;

namespace SseOrleans.Benchmarks.Chaos;

/// <summary>
/// The cluster the chaos run hurts: redis-server, two silos and two front-ends as separate processes from
/// this configuration's build output, with the README's cluster settings (histories and stream
/// subscriptions in Redis, Orleans' own failure detection), behind a round-robin <see cref="TcpIngress"/>.
/// A node can be killed and started again (a silo on its Orleans ports, a front-end on a new HTTP port, which
/// the ingress is told), or paused and resumed; Redis only paused (it holds the histories, in memory).
/// </summary>
internal sealed class ChaosCluster : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private readonly string _clusterId = "chaos-" + Guid.NewGuid().ToString("N")[..8];
    private readonly int[] _orleansPorts = FreePorts.Take(4);
    private readonly ChildProcess?[] _nodes = new ChildProcess?[4];
    private readonly List<ChildProcess> _dead = [];
    private RedisServer _redis = null!;
    private TcpIngress _ingress = null!;

    /// <summary>The nodes by index: 0 and 1 the silos, 2 and 3 the front-ends.</summary>
    public static readonly string[] Names = ["silo1", "silo2", "api1", "api2"];

    public Uri Address => _ingress.Address;

    public int Unrouted => _ingress.Unrouted;

    public static async Task<ChaosCluster> StartAsync()
    {
        var cluster = new ChaosCluster();
        try
        {
            cluster._redis = await RedisServer.StartAsync();
            await Task.WhenAll(Enumerable.Range(0, 4).Select(cluster.StartNodeAsync));
            cluster._ingress = TcpIngress.Start(cluster._nodes[2]!.BaseAddress!, cluster._nodes[3]!.BaseAddress!);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public static bool IsSilo(int node) => node < 2;

    public void Kill(int node)
    {
        var process = _nodes[node]!;
        process.Kill();
        _dead.Add(process);
        _nodes[node] = null;
    }

    public void Pause(int node) => _nodes[node]!.Pause();

    public void Resume(int node) => _nodes[node]?.Resume();

    public void PauseRedis() => _redis.Pause();

    public void ResumeRedis() => _redis.Resume();

    /// <summary>Nodes that are down: killed, or gone on their own (a silo that was declared dead while paused ends itself).</summary>
    public IEnumerable<int> Down() => Enumerable.Range(0, 4).Where(i => _nodes[i] is not { HasExited: false });

    /// <summary>Starts a node that is down again and waits until it is healthy.</summary>
    public async Task RestartAsync(int node)
    {
        if (_nodes[node] is { } exited)
        {
            _dead.Add(exited);
            _nodes[node] = null;
        }

        await StartNodeAsync(node);
        if (!IsSilo(node))
        {
            _ingress.SetBackend(node - 2, _nodes[node]!.BaseAddress!);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_ingress is not null)
        {
            await _ingress.DisposeAsync();
        }

        foreach (var process in _nodes.Reverse().OfType<ChildProcess>().Concat(_dead))
        {
            process.Resume();
            await process.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    private async Task StartNodeAsync(int node)
    {
        var settings = IsSilo(node)
            ? ClusterSettings.Silo(_clusterId, _redis.Address, _orleansPorts[2 * node], _orleansPorts[2 * node + 1])
            : ClusterSettings.Shared(_clusterId, _redis.Address);
        settings["Logging:LogLevel:Default"] = "Warning";
        var process = await ChildProcess.StartProjectAsync(Names[node], IsSilo(node) ? "Silo" : "Api", settings, StartTimeout);
        _nodes[node] = process;
        await process.WaitHealthyAsync(StartTimeout);
    }

    public override string ToString() =>
        string.Join(' ', Enumerable.Range(0, 4).Select(i => string.Create(CultureInfo.InvariantCulture, $"{Names[i]}={_nodes[i]?.Id.ToString(CultureInfo.InvariantCulture) ?? "down"}")));
}
