using System.Globalization;

namespace SseOrleans.Benchmarks.Load;

/// <summary>
/// What the load tool reads from <c>/proc</c> about a process or a core: CPU time (utime + stime of
/// <c>/proc/PID/stat</c>), RSS (<c>VmRSS</c> of <c>/proc/PID/status</c>), the one core it is pinned to
/// (<c>Cpus_allowed_list</c>), and each core's busy time (<c>/proc/stat</c>). Every read returns null,
/// -1 or an empty list where the file is missing (not Linux, or the process is gone).
/// </summary>
internal static class ProcFs
{
    // USER_HZ: the unit of utime/stime and of /proc/stat; 100 on every Linux ABI .NET runs on.
    private const double ClockTicksPerSecond = 100;

    /// <summary>The process's CPU time (user + system) so far; null when it cannot be read.</summary>
    public static TimeSpan? ProcessCpu(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return Ticks(long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture));
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The process's resident set in KB; -1 when it cannot be read.</summary>
    public static long RssKb(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
            // Gone.
        }

        return -1;
    }

    /// <summary>The one core a process may run on (<c>Cpus_allowed_list</c> "1"), or -1 when it may run on several.</summary>
    public static int PinnedCore(string pid)
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

    /// <summary>Busy time per core: user, nice, system, irq, softirq and steal (not idle, iowait).</summary>
    public static List<TimeSpan> CoreBusyTimes()
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

    /// <summary>The core's busy time in <paramref name="cores"/>; <see cref="TimeSpan.MinValue"/> for no core.</summary>
    public static TimeSpan BusyOf(List<TimeSpan> cores, int core) => core >= 0 && core < cores.Count ? cores[core] : TimeSpan.MinValue;

    private static TimeSpan Ticks(long ticks) => TimeSpan.FromSeconds(ticks / ClockTicksPerSecond);
}
