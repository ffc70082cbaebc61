using System.Diagnostics;

namespace SseOrleans.Benchmarks.Load;

/// <summary>
/// <c>load</c>: parses the options, runs one scenario under a hard time limit, writes progress to
/// stderr and exactly one <c>RESULT {json}</c> line to stdout.
/// </summary>
internal static class LoadCommand
{
    private const string InlineCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args is ["--help"] or ["-h"])
        {
            Console.Error.WriteLine(LoadOptions.Help);
            return 0;
        }

        LoadOptions options;
        try
        {
            options = LoadOptions.Parse(args);
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or OverflowException or UriFormatException)
        {
            Console.Error.WriteLine($"load: {exception.Message}");
            Console.Error.WriteLine(LoadOptions.Help);
            return 2;
        }

        // Run socket continuations on the epoll thread: the receive loop only parses, and skipping the
        // thread-pool hop per read cut the tool's CPU per delivery about 3x. Read once, at the first socket.
        if (Environment.GetEnvironmentVariable(InlineCompletions) is null)
        {
            Environment.SetEnvironmentVariable(InlineCompletions, "1");
        }

        var limit = TimeSpan.FromSeconds(options.Timeout ?? DefaultTimeoutSeconds(options));
        StartWatchdog(limit);
        WarnAboutFileLimit(options.Connections + (options.Storm ? options.StormWarm : 0));
        using var stop = new CancellationTokenSource(limit - TimeSpan.FromSeconds(5));
        var tree = new NamespaceTree(options.Namespace, options.Spread, options.Connections, options.LeavesOnly);
        var result = new ResultLine()
            .Add("scenario", options.Scenario)
            .Add("target", options.Target)
            .Add("series", options.Series)
            .Add("mode", options.Mode)
            .Add("publish", options.Idle || options.Storm || options.Herd ? "none" : options.PublishVia)
            .Add("connections", options.Connections)
            .Add("namespaces", tree.NodeCount)
            .Add("leaves", tree.LeafCount)
            .Add("size", options.Size)
            .Add("duration_s", options.Duration)
            .Add("sources", options.Sources)
            .Add("servers", options.Urls.Length);
        try
        {
            result = options.PublishOnly ? await new PublishThroughputRun(options, tree).RunAsync(result, stop.Token)
                : options.Idle ? await new IdleRun(options, tree).RunAsync(result, stop.Token)
                : options.Storm ? await new StormRun(options, tree).RunAsync(result, stop.Token)
                : options.Herd ? await new HerdRun(options, tree).RunAsync(result, stop.Token)
                : await new DeliveryRun(options, tree).RunAsync(result, stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            Console.Error.WriteLine($"load: stopped at the time limit ({limit.TotalSeconds:0} s)");
            result.Add("error", "time limit");
        }

        Console.Out.WriteLine(result.ToString());
        return 0;
    }

    /// <summary>Opens the pool's connections and adds the connect-time fields.</summary>
    public static async Task OpenAsync(SubscriberPool pool, ResultLine result, CancellationToken stop)
    {
        Console.Error.WriteLine($"opening {pool.Capacity} connections");
        var started = Stopwatch.GetTimestamp();
        await pool.OpenAsync(stop);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var times = pool.ConnectTimes;
        Console.Error.WriteLine(
            $"  {pool.Opened}/{pool.Capacity} open in {seconds:0.0} s (first connect to last retry: line {pool.ConnectSpanMilliseconds:0} ms); connect p50 {times.PercentileMilliseconds(50):0.0} p99 {times.PercentileMilliseconds(99):0.0} max {times.MaxMilliseconds:0.0} ms");
        if (pool.Opened < pool.Capacity)
        {
            Console.Error.WriteLine($"  failures: {pool.Failures()}");
        }

        result
            .Add("opened", pool.Opened)
            .Add("connect_failures", pool.Capacity - pool.Opened)
            .Add("connect_s", seconds)
            .Add("connect_span_ms", pool.ConnectSpanMilliseconds)
            .Add("connect_p50_ms", times.PercentileMilliseconds(50))
            .Add("connect_p99_ms", times.PercentileMilliseconds(99))
            .Add("connect_max_ms", times.MaxMilliseconds);
    }

    /// <summary>Closes every socket and waits (boundedly) for the receive loops.</summary>
    public static async Task CloseAsync(SubscriberPool pool)
    {
        Console.Error.WriteLine($"closing {pool.Count} connections");
        await pool.CloseAsync(TimeSpan.FromSeconds(10));
    }

    private static double DefaultTimeoutSeconds(LoadOptions options)
    {
        var open = 30 + (options.Connections / 200.0);
        var step = options.Warmup + options.Duration + options.Grace + 15;
        var body = options.PublishOnly ? step + PublishThroughputRun.MaxWarmupExtension
            : options.Idle ? options.IdleSettle + 10
            : options.Storm ? 30 + (options.StormWarm / 200.0) + 10
            : options.Herd ? options.IdleSettle + (options.Probes * 2) + 10
            : options.Search ? DeliveryRun.MaxSearchSteps * (1 + options.SearchRetries) * (step + 3) + options.SearchWarmup
            : step;
        return open + body + 30;
    }

    /// <summary>A thread, not a timer: it ends the process even if the thread pool is starved.</summary>
    private static void StartWatchdog(TimeSpan limit)
    {
        var watchdog = new Thread(() =>
        {
            Thread.Sleep(limit + TimeSpan.FromSeconds(10));
            Console.Error.WriteLine("load: hard timeout, exiting");
            Environment.Exit(3);
        })
        { IsBackground = true, Name = "load watchdog" };
        watchdog.Start();
    }

    private static void WarnAboutFileLimit(int connections)
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/limits"))
            {
                if (line.StartsWith("Max open files", StringComparison.Ordinal)
                    && long.TryParse(line.AsSpan(26, 21).Trim(), out var soft) && soft < connections + 64)
                {
                    Console.Error.WriteLine($"load: warning: the open-file limit is {soft}; raise it (ulimit -n) for {connections} connections");
                }
            }
        }
        catch (IOException)
        {
            // Not Linux: nothing to check.
        }
    }
}
