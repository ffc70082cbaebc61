using System.Diagnostics;

namespace SseOrleans.AppHost;

/// <summary>What this machine offers for running Redis, asked once at start.</summary>
internal static class HostProbes
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The container runtime Aspire would use (<c>ASPIRE_CONTAINER_RUNTIME</c>, else docker, then podman)
    /// when its daemon answers <c>info</c> within 10 s; <see langword="null"/> when none does. A docker
    /// client with no daemon behind it (as on CI) answers with an error at once.
    /// </summary>
    public static async Task<string?> HealthyContainerRuntimeAsync(string? configured)
    {
        string[] candidates = string.IsNullOrWhiteSpace(configured) ? ["docker", "podman"] : [configured];
        foreach (var runtime in candidates)
        {
            if (FindOnPath(runtime) is { } path && await SucceedsAsync(path, "info", "--format", "{{.ServerVersion}}"))
            {
                return runtime;
            }
        }

        return null;
    }

    /// <summary>The full path of <paramref name="program"/> (a name looked up on the PATH, or a path), or <see langword="null"/>.</summary>
    public static string? FindOnPath(string program)
    {
        if (program.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return File.Exists(program) ? Path.GetFullPath(program) : null;
        }

        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static async Task<bool> SucceedsAsync(string path, params string[] arguments)
    {
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start);
        if (process is null)
        {
            return false;
        }

        // Drain both pipes so that a talkative runtime cannot block on a full one.
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        var answered = true;
        using (var timeout = new CancellationTokenSource(ProbeTimeout))
        {
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                answered = false;
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }

        await Task.WhenAll(output, error);
        return answered && process.ExitCode == 0;
    }
}
