using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace SseOrleans.TestSupport;

/// <summary>
/// A process the tests started: its output is kept (the last lines, for failure messages), a line it
/// prints can be awaited (<see cref="WaitForLineAsync"/>), and the whole process tree is killed on
/// <see cref="Kill"/> or dispose, whatever happened before. With
/// <c>SSE_TEST_LOG_DIR</c> set, every line also goes to <c>{dir}/{name}-{pid}.log</c>, for a failure that
/// the last lines do not explain.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private const int KeptLines = 200;
    private const string ListeningPrefix = "Now listening on: ";
    private const string ListeningLogLevel = "Logging:LogLevel:Microsoft.Hosting.Lifetime";
    private static readonly HttpClient HealthClient = new() { Timeout = TimeSpan.FromSeconds(2) };
    private readonly Process _process;
    private static readonly string? LogDirectory = Environment.GetEnvironmentVariable("SSE_TEST_LOG_DIR");
    private readonly ConcurrentQueue<string> _output = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> _awaited = [];
    private int _openOutputs = 2;
    private StreamWriter? _log;

    private ChildProcess(string name, Process process, Uri? baseAddress)
    {
        Name = name;
        _process = process;
        BaseAddress = baseAddress;
    }

    public string Name { get; }

    /// <summary>Where a process started with <see cref="StartProject"/> or <see cref="StartProjectAsync"/> listens.</summary>
    public Uri? BaseAddress { get; private set; }

    /// <summary>The process id (for signals the tests send themselves).</summary>
    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static ChildProcess Start(
        string name,
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        IReadOnlyDictionary<string, string?>? environment = null) =>
        Start(name, fileName, arguments, workingDirectory, environment, baseAddress: null);

    /// <summary>
    /// Runs a project of this solution from its build output (<c>dotnet SseOrleans.{project}.dll --urls …</c>),
    /// configured through environment variables as Aspire and the scripts configure it: each setting
    /// <c>A:B</c> becomes <c>A__B</c>.
    /// </summary>
    public static ChildProcess StartProject(string name, string project, Uri baseAddress, IReadOnlyDictionary<string, string?> settings)
    {
        var dll = BuildOutput(project);
        var environment = settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value);
        return Start(name, "dotnet", [dll, "--urls", baseAddress.GetLeftPart(UriPartial.Authority)], Path.GetDirectoryName(dll)!, environment, baseAddress);
    }

    /// <summary>
    /// Runs a project of this solution as <see cref="StartProject"/> does, but on a port the process picks
    /// itself (<c>--urls http://127.0.0.1:0</c>), read from the line it logs (<c>Now listening on: …</c>):
    /// no port is chosen in advance that another process could take first.
    /// </summary>
    public static async Task<ChildProcess> StartProjectAsync(string name, string project, IReadOnlyDictionary<string, string?> settings, TimeSpan timeout)
    {
        var withLifetime = new Dictionary<string, string?>(settings) { [ListeningLogLevel] = "Information" };
        var child = StartProject(name, project, new Uri("http://127.0.0.1:0/"), withLifetime);
        try
        {
            var line = await child.WaitForLineAsync(l => l.Contains(ListeningPrefix, StringComparison.Ordinal), timeout);
            child.BaseAddress = new Uri(line[(line.IndexOf(ListeningPrefix, StringComparison.Ordinal) + ListeningPrefix.Length)..].Trim() + "/");
            return child;
        }
        catch
        {
            await child.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The first line of output (from the start, as far as it is still kept, or to come) that
    /// <paramref name="match"/> accepts; fails once the process has closed its output without one.
    /// </summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(match);
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_awaited)
        {
            if (_output.FirstOrDefault(match) is { } kept)
            {
                return kept;
            }

            if (_openOutputs == 0)
            {
                throw Ended();
            }

            _awaited.Add((match, found));
        }

        try
        {
            return await found.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{Name} printed no such line within {timeout}.{Environment.NewLine}{RecentOutput()}");
        }
        finally
        {
            lock (_awaited)
            {
                _awaited.RemoveAll(a => a.Found == found);
            }
        }
    }

    /// <summary>Polls <c>/health</c> at <see cref="BaseAddress"/> until it answers 2xx; fails at once if the process exits.</summary>
    public async Task WaitHealthyAsync(TimeSpan timeout)
    {
        var health = new Uri(BaseAddress ?? throw new InvalidOperationException($"{Name} was not started with an address."), "health");
        await Eventually.MatchAsync(
            async cancellationToken =>
            {
                if (HasExited)
                {
                    throw new InvalidOperationException($"{Name} exited with {ExitCode} during start.{Environment.NewLine}{RecentOutput()}");
                }

                try
                {
                    using var response = await HealthClient.GetAsync(health, cancellationToken);
                    return response.IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false; // not listening yet
                }
                catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    return false; // this attempt timed out; the deadline has not passed
                }
            },
            healthy => healthy,
            $"{Name} to answer {health}",
            timeout,
            TimeSpan.FromMilliseconds(100));
    }

    /// <summary>SIGTERM: what an orchestrator sends to stop a container.</summary>
    public void Terminate() => Signal("-TERM");

    /// <summary>
    /// SIGINT to the process's whole group, as a terminal's Ctrl-C sends it: for a process started as the
    /// leader of a group of its own (<c>setsid</c>), its children too.
    /// </summary>
    public void InterruptGroup() => Signal("-INT", "-" + _process.Id.ToString(CultureInfo.InvariantCulture));

    /// <summary>SIGSTOP: the process stays, its connections stay open, and it answers nothing until <see cref="Resume"/>.</summary>
    public void Pause() => Signal("-STOP");

    /// <summary>SIGCONT after <see cref="Pause"/>: what it was sent meanwhile is handled now.</summary>
    public void Resume()
    {
        if (!HasExited)
        {
            Signal("-CONT");
        }
    }

    /// <summary>SIGKILL on Unix: no shutdown, no goodbye to the cluster.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>Waits for the process to exit; a <see cref="TimeoutException"/> with what it printed last if it does not.</summary>
    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            throw new TimeoutException($"{Name} did not exit within {timeout}.{Environment.NewLine}{RecentOutput()}");
        }
    }

    public string RecentOutput() => $"--- {Name} ---{Environment.NewLine}{string.Join(Environment.NewLine, _output)}";

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        lock (_output)
        {
            _log?.Dispose();
            _log = null;
        }

        return ValueTask.CompletedTask;
    }

    private void Signal(string signal) => Signal(signal, _process.Id.ToString(CultureInfo.InvariantCulture));

    private static void Signal(string signal, string target)
    {
        using var kill = Process.Start("kill", [signal, "--", target]);
        kill.WaitForExit();
    }

    private static ChildProcess Start(
        string name,
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        IReadOnlyDictionary<string, string?>? environment,
        Uri? baseAddress)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info };
        var child = new ChildProcess(name, process, baseAddress);
        process.OutputDataReceived += (_, e) => child.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => child.Keep(e.Data);
        process.Start();
        if (LogDirectory is not null)
        {
            Directory.CreateDirectory(LogDirectory);
            child._log = new StreamWriter(Path.Combine(LogDirectory, $"{name}-{process.Id}.log")) { AutoFlush = true };
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>The folder of <c>SseOrleans.sln</c>, above the running tests' output.</summary>
    public static string SolutionDirectory { get; } = FindSolutionDirectory();

    /// <summary>The configuration the running tests were built in (Debug, Release), as the projects they start.</summary>
    public static string BuildConfiguration { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    /// <summary>The dll of a project of this solution, built in the same configuration as the running tests.</summary>
    private static string BuildOutput(string project)
    {
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;
        var dll = Path.Combine(SolutionDirectory, project, "bin", BuildConfiguration, framework, $"SseOrleans.{project}.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build {project} first", dll);
    }

    private static string FindSolutionDirectory()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "SseOrleans.sln")))
        {
            root = root.Parent;
        }

        return root?.FullName ?? throw new DirectoryNotFoundException($"No SseOrleans.sln above {AppContext.BaseDirectory}");
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            lock (_awaited)
            {
                if (--_openOutputs == 0)
                {
                    _awaited.ForEach(a => a.Found.TrySetException(Ended()));
                }
            }

            return;
        }

        lock (_awaited)
        {
            _output.Enqueue(line);
            foreach (var (match, found) in _awaited)
            {
                if (match(line))
                {
                    found.TrySetResult(line);
                }
            }
        }

        if (_log is not null)
        {
            lock (_output)
            {
                _log?.WriteLine(line);
            }
        }

        while (_output.Count > KeptLines && _output.TryDequeue(out _))
        {
        }
    }

    private InvalidOperationException Ended() => new($"{Name} closed its output (exited).{Environment.NewLine}{RecentOutput()}");
}
