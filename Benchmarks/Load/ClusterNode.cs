using System.Globalization;

namespace SseOrleans.Benchmarks.Load;

/// <summary>
/// One process of a cluster under test (a silo, a front-end, redis-server), found by its pid, and where
/// its CPU is read: from its cgroup when it is alone in one with the cpu controller (v1: the
/// <c>cpu</c> and <c>cpuacct</c> hierarchies; v2: the unified one), which also gives its CPU quota and
/// throttled periods (<c>cpu.stat</c>); otherwise CPU from <c>/proc/PID/stat</c>, without quota or throttling.
/// </summary>
internal sealed class ClusterNode
{
    private const string CgroupRoot = "/sys/fs/cgroup";

    // v1: the cpu controller's directory and cpuacct.usage (ns); v2: one directory, usage_usec in cpu.stat.
    private readonly string? _cpuDirectory;
    private readonly string? _usageFile;

    private ClusterNode(string name, string role, int pid)
    {
        Name = name;
        Role = role;
        Pid = pid;
        Core = ProcFs.PinnedCore(pid.ToString(CultureInfo.InvariantCulture));
        (_cpuDirectory, _usageFile) = FindCgroup(pid);
        QuotaCores = _cpuDirectory is null ? double.NaN : ReadQuota(_cpuDirectory);
    }

    public const string Silo = "silo";
    public const string FrontEnd = "front-end";
    public const string Redis = "redis";

    /// <summary>silo1, silo2, ..., front-end1, ..., redis.</summary>
    public string Name { get; }

    /// <summary><see cref="Silo"/>, <see cref="FrontEnd"/> or <see cref="Redis"/>.</summary>
    public string Role { get; }

    public int Pid { get; }

    /// <summary>The one core the process is pinned to, or -1.</summary>
    public int Core { get; }

    /// <summary>The cgroup's CPU quota in cores (quota / period); NaN without one.</summary>
    public double QuotaCores { get; }

    /// <summary>Whether CPU comes from the cgroup (and throttling is known) rather than from /proc.</summary>
    public bool InCgroup => _cpuDirectory is not null;

    /// <summary>The nodes named by <c>--silo-pids</c>, <c>--front-end-pids</c> and <c>--redis-pid</c>, each described on stderr.</summary>
    public static List<ClusterNode> Of(LoadOptions options)
    {
        var nodes = new List<ClusterNode>();
        for (var i = 0; i < options.SiloPids.Length; i++)
        {
            nodes.Add(new ClusterNode($"{Silo}{i + 1}", Silo, options.SiloPids[i]));
        }

        for (var i = 0; i < options.FrontEndPids.Length; i++)
        {
            nodes.Add(new ClusterNode($"{FrontEnd}{i + 1}", FrontEnd, options.FrontEndPids[i]));
        }

        if (options.RedisPid is { } redis)
        {
            nodes.Add(new ClusterNode(Redis, Redis, redis));
        }

        foreach (var node in nodes)
        {
            Console.Error.WriteLine($"  {node}");
        }

        return nodes;
    }

    public override string ToString() =>
        $"{Name}: pid {Pid}, core {(Core < 0 ? "any" : Core.ToString(CultureInfo.InvariantCulture))}, " +
        (InCgroup ? $"cgroup {_cpuDirectory}, quota {(double.IsNaN(QuotaCores) ? "none" : $"{QuotaCores:0.###} cores")}" : "no cgroup of its own (CPU from /proc, no throttling figures)");

    /// <summary>CPU so far, throttling counters and RSS; CPU is <see cref="TimeSpan.MinValue"/> when the process is gone.</summary>
    public NodeReading Read()
    {
        var rss = ProcFs.RssKb(Pid);
        if (_cpuDirectory is null)
        {
            return new NodeReading(ProcFs.ProcessCpu(Pid) ?? TimeSpan.MinValue, 0, 0, rss);
        }

        try
        {
            var stat = ReadStat(_cpuDirectory);
            var cpu = _usageFile is null
                ? TimeSpan.FromMicroseconds(stat["usage_usec"])
                : TimeSpan.FromTicks(ReadLong(_usageFile) / 100);
            return new NodeReading(cpu, stat.GetValueOrDefault("nr_periods"), stat.GetValueOrDefault("nr_throttled"), rss);
        }
        catch (Exception exception) when (exception is IOException or KeyNotFoundException)
        {
            // The group went with its process.
            return new NodeReading(TimeSpan.MinValue, 0, 0, rss);
        }
    }

    /// <summary>
    /// The cgroup directory with the process's cpu controller (and, for v1, its cpuacct.usage), from
    /// <c>/proc/PID/cgroup</c>; none for the root group (whose figures are everybody's) or a group the
    /// process shares with others (whose usage would not be its own).
    /// </summary>
    private static (string? CpuDirectory, string? UsageFile) FindCgroup(int pid)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines($"/proc/{pid}/cgroup");
        }
        catch (IOException)
        {
            return (null, null);
        }

        string? cpu = null, cpuacct = null, unified = null;
        foreach (var line in lines)
        {
            // hierarchy-id:controller-list:path; v2's line is "0::path".
            var parts = line.Split(':', 3);
            if (parts.Length != 3 || parts[2] == "/")
            {
                continue;
            }

            var controllers = parts[1].Split(',');
            if (controllers.Contains("cpu"))
            {
                cpu = $"{CgroupRoot}/{parts[1]}{parts[2]}";
            }

            if (controllers.Contains("cpuacct"))
            {
                cpuacct = $"{CgroupRoot}/{parts[1]}{parts[2]}/cpuacct.usage";
            }

            if (parts[1].Length == 0)
            {
                unified = CgroupRoot + parts[2];
            }
        }

        if (cpu is not null && cpuacct is not null && File.Exists(cpuacct) && AloneIn(cpu, pid) && AloneIn(Path.GetDirectoryName(cpuacct)!, pid))
        {
            return (cpu, cpuacct);
        }

        // Pure v2 only: on a hybrid machine the unified hierarchy has no cpu controller.
        if (cpu is null && unified is not null && File.Exists(Path.Combine(unified, "cpu.max")) && AloneIn(unified, pid))
        {
            return (unified, null);
        }

        return (null, null);
    }

    private static bool AloneIn(string directory, int pid)
    {
        try
        {
            var procs = File.ReadAllLines(Path.Combine(directory, "cgroup.procs"));
            return procs.Length == 1 && procs[0].Trim() == pid.ToString(CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static double ReadQuota(string directory)
    {
        try
        {
            var max = Path.Combine(directory, "cpu.max");
            if (File.Exists(max))
            {
                // v2: "QUOTA PERIOD" or "max PERIOD".
                var parts = File.ReadAllText(max).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                return parts[0] == "max" ? double.NaN : double.Parse(parts[0], CultureInfo.InvariantCulture) / double.Parse(parts[1], CultureInfo.InvariantCulture);
            }

            var quota = ReadLong(Path.Combine(directory, "cpu.cfs_quota_us"));
            return quota < 0 ? double.NaN : quota / (double)ReadLong(Path.Combine(directory, "cpu.cfs_period_us"));
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }

    private static Dictionary<string, long> ReadStat(string directory)
    {
        var values = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Path.Combine(directory, "cpu.stat")))
        {
            var parts = line.Split(' ');
            if (parts.Length == 2 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                values[parts[0]] = value;
            }
        }

        return values;
    }

    private static long ReadLong(string path) => long.Parse(File.ReadAllText(path).Trim(), CultureInfo.InvariantCulture);
}
