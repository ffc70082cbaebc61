using System.Diagnostics;
using System.Globalization;

namespace SseOrleans.Benchmarks.Load;

/// <summary>
/// CPU time and RSS of the server (from <c>/proc/PID/stat</c> utime+stime and <c>/proc/PID/status</c>
/// VmRSS) and of this tool (<see cref="Process.TotalProcessorTime"/>) at one instant; two samples
/// give CPU as a percentage of one core over the time between them. When a process is pinned to one
/// core (taskset), the busy time of that core (<c>/proc/stat</c>) is read too: busy time that is not the
/// process's own is what other processes took from it, which says how disturbed a run on a shared
/// machine was.
/// </summary>
internal readonly record struct ProcessSample(
    long Timestamp, TimeSpan ServerCpu, long ServerRssKb, TimeSpan ToolCpu, TimeSpan ServerCoreBusy, TimeSpan ToolCoreBusy)
{
    // USER_HZ: the unit of utime/stime and of /proc/stat; 100 on every Linux ABI .NET runs on.
    private const double ClockTicksPerSecond = 100;

    public static ProcessSample Take(int? serverPid)
    {
        using var self = Process.GetCurrentProcess();
        var toolCpu = self.TotalProcessorTime;
        var cores = CoreBusyTimes();
        var toolCore = BusyOf(cores, PinnedCore("self"));
        if (serverPid is not { } pid)
        {
            return new ProcessSample(Stopwatch.GetTimestamp(), TimeSpan.Zero, -1, toolCpu, TimeSpan.MinValue, toolCore);
        }

        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            var rss = -1L;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
                }
            }

            return new ProcessSample(
                Stopwatch.GetTimestamp(), Ticks(ticks), rss, toolCpu, BusyOf(cores, PinnedCore(pid.ToString(CultureInfo.InvariantCulture))), toolCore);
        }
        catch (IOException)
        {
            return new ProcessSample(Stopwatch.GetTimestamp(), TimeSpan.Zero, -1, toolCpu, TimeSpan.MinValue, toolCore);
        }
    }

    /// <summary>Server CPU between <paramref name="earlier"/> and this sample, % of one core; NaN without a server pid.</summary>
    public double ServerCpuPercentSince(ProcessSample earlier) =>
        ServerRssKb < 0 ? double.NaN : 100 * (ServerCpu - earlier.ServerCpu).TotalSeconds / Seconds(earlier);

    /// <summary>Server RSS in MB; NaN without a server pid.</summary>
    public double ServerRssMb => ServerRssKb < 0 ? double.NaN : ServerRssKb / 1024.0;

    public double ToolCpuPercentSince(ProcessSample earlier) => 100 * (ToolCpu - earlier.ToolCpu).TotalSeconds / Seconds(earlier);

    /// <summary>
    /// What other processes used of the server's core meanwhile, % of it; NaN when the server is not
    /// pinned to one core. (USER_HZ ticks: over a 10 s window the error is about 0.1%.)
    /// </summary>
    public double ServerCoreOtherPercentSince(ProcessSample earlier) =>
        ServerRssKb < 0 || ServerCoreBusy < TimeSpan.Zero || earlier.ServerCoreBusy < TimeSpan.Zero
            ? double.NaN
            : Math.Max(0, 100 * ((ServerCoreBusy - earlier.ServerCoreBusy) - (ServerCpu - earlier.ServerCpu)).TotalSeconds / Seconds(earlier));

    /// <summary>What other processes used of this tool's core meanwhile, % of it; NaN when the tool is not pinned.</summary>
    public double ToolCoreOtherPercentSince(ProcessSample earlier) =>
        ToolCoreBusy < TimeSpan.Zero || earlier.ToolCoreBusy < TimeSpan.Zero
            ? double.NaN
            : Math.Max(0, 100 * ((ToolCoreBusy - earlier.ToolCoreBusy) - (ToolCpu - earlier.ToolCpu)).TotalSeconds / Seconds(earlier));

    public double Seconds(ProcessSample earlier) => Stopwatch.GetElapsedTime(earlier.Timestamp, Timestamp).TotalSeconds;

    /// <summary>Adds the CPU fields of the window from <paramref name="earlier"/> to this sample.</summary>
    public ResultLine AddCpuTo(ResultLine result, ProcessSample earlier) => result
        .Add("server_cpu_pct", ServerCpuPercentSince(earlier))
        .Add("load_cpu_pct", ToolCpuPercentSince(earlier))
        .Add("server_core_other_pct", ServerCoreOtherPercentSince(earlier))
        .Add("load_core_other_pct", ToolCoreOtherPercentSince(earlier));

    private static TimeSpan Ticks(long ticks) => TimeSpan.FromSeconds(ticks / ClockTicksPerSecond);

    // The one core a process may run on (Cpus_allowed_list "1"), or -1 when it may run on several.
    private static int PinnedCore(string pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal))
                {
                    return int.TryParse(line.AsSpan("Cpus_allowed_list:".Length).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var core) ? core : -1;
                }
            }
        }
        catch (IOException)
        {
            // Not Linux, or the process is gone.
        }

        return -1;
    }

    // Busy time per core from /proc/stat: user, nice, system, irq, softirq and steal (not idle, iowait).
    private static List<TimeSpan> CoreBusyTimes()
    {
        var cores = new List<TimeSpan>();
        try
        {
            foreach (var line in File.ReadLines("/proc/stat"))
            {
                if (!line.StartsWith("cpu", StringComparison.Ordinal) || line.Length < 4 || !char.IsAsciiDigit(line[3]))
                {
                    continue;
                }

                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                long busy = 0;
                foreach (var index in (ReadOnlySpan<int>)[1, 2, 3, 6, 7, 8])
                {
                    busy += long.Parse(fields[index], CultureInfo.InvariantCulture);
                }

                cores.Add(Ticks(busy));
            }
        }
        catch (IOException)
        {
            // Not Linux: no per-core figures.
        }

        return cores;
    }

    private static TimeSpan BusyOf(List<TimeSpan> cores, int core) => core >= 0 && core < cores.Count ? cores[core] : TimeSpan.MinValue;
}
