using System.Diagnostics;
using System.Globalization;

namespace SseOrleans.Benchmarks.Load;

/// <summary>
/// CPU time and RSS of the server (from <c>/proc/PID/stat</c> utime+stime and <c>/proc/PID/status</c>
/// VmRSS) and of this tool (<see cref="Process.TotalProcessorTime"/>) at one instant; two samples
/// give CPU as a percentage of one core over the time between them.
/// </summary>
internal readonly record struct ProcessSample(long Timestamp, TimeSpan ServerCpu, long ServerRssKb, TimeSpan ToolCpu)
{
    // USER_HZ: the unit of utime/stime; 100 on every Linux ABI .NET runs on.
    private const double ClockTicksPerSecond = 100;

    public static ProcessSample Take(int? serverPid)
    {
        using var self = Process.GetCurrentProcess();
        var toolCpu = self.TotalProcessorTime;
        if (serverPid is not { } pid)
        {
            return new ProcessSample(Stopwatch.GetTimestamp(), TimeSpan.Zero, -1, toolCpu);
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

            return new ProcessSample(Stopwatch.GetTimestamp(), TimeSpan.FromSeconds(ticks / ClockTicksPerSecond), rss, toolCpu);
        }
        catch (IOException)
        {
            return new ProcessSample(Stopwatch.GetTimestamp(), TimeSpan.Zero, -1, toolCpu);
        }
    }

    /// <summary>Server CPU between <paramref name="earlier"/> and this sample, % of one core; NaN without a server pid.</summary>
    public double ServerCpuPercentSince(ProcessSample earlier) =>
        ServerRssKb < 0 ? double.NaN : 100 * (ServerCpu - earlier.ServerCpu).TotalSeconds / Seconds(earlier);

    /// <summary>Server RSS in MB; NaN without a server pid.</summary>
    public double ServerRssMb => ServerRssKb < 0 ? double.NaN : ServerRssKb / 1024.0;

    public double ToolCpuPercentSince(ProcessSample earlier) => 100 * (ToolCpu - earlier.ToolCpu).TotalSeconds / Seconds(earlier);

    public double Seconds(ProcessSample earlier) => Stopwatch.GetElapsedTime(earlier.Timestamp, Timestamp).TotalSeconds;
}
