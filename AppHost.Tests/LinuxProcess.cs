using System.Globalization;

namespace SseOrleans.AppHost.Tests;

/// <summary>
/// A process as <c>/proc</c> shows it, identified by its pid and start time (so a reused pid is a
/// different process), with its command line for messages.
/// </summary>
internal sealed record LinuxProcess(int Pid, int ParentPid, long StartTicks, string CommandLine)
{
    /// <summary>Every process visible now.</summary>
    public static List<LinuxProcess> All()
    {
        var processes = new List<LinuxProcess>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && Read(pid) is { } process)
            {
                processes.Add(process);
            }
        }

        return processes;
    }

    /// <summary>The processes whose command line contains <paramref name="marker"/>, and all their descendants.</summary>
    public static List<LinuxProcess> TreesOf(string marker)
    {
        var all = All();
        var found = all.Where(p => p.CommandLine.Contains(marker, StringComparison.Ordinal)).ToList();
        for (var i = 0; i < found.Count; i++)
        {
            var parent = found[i].Pid;
            found.AddRange(all.Where(p => p.ParentPid == parent && !found.Contains(p)));
        }

        return found;
    }

    public bool IsAlive => Read(Pid) is { } now && now.StartTicks == StartTicks;

    /// <summary>Those of <paramref name="processes"/> still alive once <paramref name="grace"/> has passed (or none, as soon as all are gone).</summary>
    public static async Task<List<LinuxProcess>> SurvivorsAsync(IEnumerable<LinuxProcess> processes, TimeSpan grace)
    {
        using var deadline = new CancellationTokenSource(grace);
        var alive = processes.Where(p => p.IsAlive).ToList();
        while (alive.Count > 0 && !deadline.IsCancellationRequested)
        {
            // Polling with a deadline: the exit of a process we did not start offers nothing to await.
            await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
            alive.RemoveAll(p => !p.IsAlive);
        }

        return alive;
    }

    private static LinuxProcess? Read(int pid)
    {
        try
        {
            // /proc/{pid}/stat: "pid (comm) state ppid ... starttime" (field 22); comm may contain spaces.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
            return new LinuxProcess(
                pid,
                int.Parse(fields[1], CultureInfo.InvariantCulture),
                long.Parse(fields[19], CultureInfo.InvariantCulture),
                commandLine);
        }
        catch (IOException)
        {
            return null; // exited while we looked
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
