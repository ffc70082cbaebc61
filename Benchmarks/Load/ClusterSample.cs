using System.Diagnostics;

namespace SseOrleans.Benchmarks.Load;

/// <summary>
/// Every <see cref="ClusterNode"/> of a run at one instant, with the busy time of each core and this
/// tool's CPU. Two samples give, over the window between them: each node's CPU (% of one core), its
/// quota and the % of its CFS periods in which it was throttled; silo CPU per publish; front-end CPU per
/// publish or per delivery; and what processes other than the nodes and this tool took of each core
/// they are pinned to.
/// </summary>
internal sealed class ClusterSample
{
    private readonly IReadOnlyList<ClusterNode> _nodes;
    private readonly NodeReading[] _readings;
    private readonly List<TimeSpan> _coreBusy;
    private readonly TimeSpan _toolCpu;
    private readonly int _toolCore;
    private readonly long _timestamp;

    private ClusterSample(IReadOnlyList<ClusterNode> nodes)
    {
        _nodes = nodes;
        _readings = new NodeReading[nodes.Count];
        for (var i = 0; i < nodes.Count; i++)
        {
            _readings[i] = nodes[i].Read();
        }

        using var self = Process.GetCurrentProcess();
        _toolCpu = self.TotalProcessorTime;
        _toolCore = ProcFs.PinnedCore("self");
        _coreBusy = ProcFs.CoreBusyTimes();
        _timestamp = Stopwatch.GetTimestamp();
    }

    /// <summary>A sample of <paramref name="nodes"/>; null when the run has none.</summary>
    public static ClusterSample? Take(IReadOnlyList<ClusterNode> nodes) => nodes.Count == 0 ? null : new ClusterSample(nodes);

    /// <summary>The summed CPU of the nodes with <paramref name="role"/> since <paramref name="earlier"/>, % of one core.</summary>
    public double CpuPercentSince(ClusterSample earlier, string role)
    {
        var total = 0.0;
        for (var i = 0; i < _nodes.Count; i++)
        {
            if (_nodes[i].Role == role)
            {
                total += CpuPercent(earlier, i);
            }
        }

        return total;
    }

    /// <summary>
    /// Adds the window's cluster fields: per node (<c>nodes</c>) and per role, silo CPU-µs per publish
    /// (<paramref name="acceptedPerSecond"/>), front-end CPU-µs per publish and per delivery
    /// (<paramref name="deliveriesPerSecond"/>, NaN when nothing is delivered), and <c>core_other_pct</c>.
    /// </summary>
    public ResultLine AddTo(ResultLine result, ClusterSample earlier, double acceptedPerSecond, double deliveriesPerSecond)
    {
        var nodes = new List<ResultLine>(_nodes.Count);
        for (var i = 0; i < _nodes.Count; i++)
        {
            var node = _nodes[i];
            nodes.Add(new ResultLine()
                .Add("name", node.Name)
                .Add("pid", node.Pid)
                .Add("core", node.Core)
                .Add("quota_cores", node.QuotaCores)
                .Add("cpu_pct", CpuPercent(earlier, i))
                .Add("throttled_pct", ThrottledPercent(earlier, i))
                .Add("rss_mb", _readings[i].RssKb < 0 ? double.NaN : _readings[i].RssKb / 1024.0));
        }

        var siloCpu = CpuPercentSince(earlier, ClusterNode.Silo);
        var frontEndCpu = CpuPercentSince(earlier, ClusterNode.FrontEnd);
        return result
            .Add("silos", Count(ClusterNode.Silo))
            .Add("front_ends", Count(ClusterNode.FrontEnd))
            .Add("silo_quota_cores", CommonQuota(ClusterNode.Silo))
            .Add("front_end_quota_cores", CommonQuota(ClusterNode.FrontEnd))
            .Add("silo_cpu_pct", siloCpu)
            .Add("front_end_cpu_pct", frontEndCpu)
            .Add("redis_cpu_pct", Count(ClusterNode.Redis) > 0 ? CpuPercentSince(earlier, ClusterNode.Redis) : double.NaN)
            .Add("silo_cpu_us_per_publish", PerSecondOf(siloCpu, acceptedPerSecond))
            .Add("front_end_cpu_us_per_publish", PerSecondOf(frontEndCpu, acceptedPerSecond))
            .Add("front_end_cpu_us_per_delivery", PerSecondOf(frontEndCpu, deliveriesPerSecond))
            .Add("silo_throttled_pct", Throttled(earlier, ClusterNode.Silo))
            .Add("front_end_throttled_pct", Throttled(earlier, ClusterNode.FrontEnd))
            .Add("core_other_pct", CoreOther(earlier))
            .Add("nodes", nodes);
    }

    /// <summary>One line for the log: CPU and throttling per role, and the other processes' share of each core.</summary>
    public string Describe(ClusterSample earlier)
    {
        string Role(string role, string label) =>
            Count(role) == 0 ? "" : $"{label} {CpuPercentSince(earlier, role):0}% CPU" +
                (Throttled(earlier, role) is { } throttled && throttled.Any(double.IsFinite)
                    ? $" (throttled {string.Join(", ", throttled.Select(value => $"{value:0}%"))} of periods)"
                    : "");
        var parts = new[] { Role(ClusterNode.Silo, "silos"), Role(ClusterNode.FrontEnd, "front-ends"), Role(ClusterNode.Redis, "redis") };
        return string.Join(", ", parts.Where(part => part.Length > 0)) + "; other processes took " + CoreOther(earlier).ToJson();
    }

    private double Seconds(ClusterSample earlier) => Stopwatch.GetElapsedTime(earlier._timestamp, _timestamp).TotalSeconds;

    private double CpuPercent(ClusterSample earlier, int node) =>
        _readings[node].Cpu == TimeSpan.MinValue || earlier._readings[node].Cpu == TimeSpan.MinValue
            ? double.NaN
            : 100 * (_readings[node].Cpu - earlier._readings[node].Cpu).TotalSeconds / Seconds(earlier);

    // Of the CFS periods in which the node wanted to run, the share in which it ran out of quota.
    private double ThrottledPercent(ClusterSample earlier, int node)
    {
        var periods = _readings[node].Periods - earlier._readings[node].Periods;
        return !_nodes[node].InCgroup || periods <= 0 ? double.NaN : 100.0 * (_readings[node].Throttled - earlier._readings[node].Throttled) / periods;
    }

    private int Count(string role) => _nodes.Count(node => node.Role == role);

    private double CommonQuota(string role)
    {
        var quotas = _nodes.Where(node => node.Role == role).Select(node => node.QuotaCores).Distinct().ToList();
        return quotas.Count == 1 ? quotas[0] : double.NaN;
    }

    private List<double> Throttled(ClusterSample earlier, string role)
    {
        var throttled = new List<double>();
        for (var i = 0; i < _nodes.Count; i++)
        {
            if (_nodes[i].Role == role)
            {
                throttled.Add(ThrottledPercent(earlier, i));
            }
        }

        return throttled;
    }

    // CPU-µs per event: (% of a core / 100) seconds of CPU per second, over events per second.
    private static double PerSecondOf(double cpuPercent, double eventsPerSecond) =>
        eventsPerSecond > 0 ? cpuPercent / 100 * 1_000_000 / eventsPerSecond : double.NaN;

    /// <summary>For each core a node or this tool is pinned to: busy time not theirs, % of the window.</summary>
    private ResultLine CoreOther(ClusterSample earlier)
    {
        var cores = new SortedDictionary<int, TimeSpan>();
        for (var i = 0; i < _nodes.Count; i++)
        {
            if (_nodes[i].Core >= 0 && _readings[i].Cpu != TimeSpan.MinValue && earlier._readings[i].Cpu != TimeSpan.MinValue)
            {
                cores[_nodes[i].Core] = cores.GetValueOrDefault(_nodes[i].Core) + (_readings[i].Cpu - earlier._readings[i].Cpu);
            }
        }

        if (_toolCore >= 0)
        {
            cores[_toolCore] = cores.GetValueOrDefault(_toolCore) + (_toolCpu - earlier._toolCpu);
        }

        var other = new ResultLine();
        foreach (var (core, own) in cores)
        {
            var busy = ProcFs.BusyOf(_coreBusy, core) - ProcFs.BusyOf(earlier._coreBusy, core);
            other.Add($"core{core}", core < _coreBusy.Count ? Math.Max(0, 100 * (busy - own).TotalSeconds / Seconds(earlier)) : double.NaN);
        }

        return other;
    }
}
