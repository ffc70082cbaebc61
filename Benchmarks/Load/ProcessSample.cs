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
    public static ProcessSample Take(int? serverPid)
    {
        using var self = Process.GetCurrentProcess();
        var toolCpu = self.TotalProcessorTime;
        var cores = ProcFs.CoreBusyTimes();
        var toolCore = ProcFs.BusyOf(cores, ProcFs.PinnedCore("self"));
        if (serverPid is not { } pid || ProcFs.ProcessCpu(pid) is not { } serverCpu)
        {
            return new ProcessSample(Stopwatch.GetTimestamp(), TimeSpan.Zero, -1, toolCpu, TimeSpan.MinValue, toolCore);
        }

        return new ProcessSample(
            Stopwatch.GetTimestamp(), serverCpu, ProcFs.RssKb(pid), toolCpu, ProcFs.BusyOf(cores, ProcFs.PinnedCore(pid.ToString(CultureInfo.InvariantCulture))), toolCore);
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
}
