namespace SseOrleans.Benchmarks.Load;

/// <summary>
/// <c>--storm</c>: a server that already serves some streams (<c>--storm-warm</c>, opened first so that
/// the subscribe path is compiled and the namespace is live) gets <c>--connections</c> new subscriptions
/// at once, <c>--connect-concurrency</c> connects in flight. The figure is <c>connect_span_ms</c>: from
/// the first connect to the last <c>retry:</c> line, i.e. until every new stream is open.
/// </summary>
internal sealed class StormRun(LoadOptions options, NamespaceTree tree)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    private static (TimeSpan User, TimeSpan System, int Collections) ToolTimes()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return (self.UserProcessorTime, self.PrivilegedProcessorTime, GC.CollectionCount(0));
    }

    public async Task<ResultLine> RunAsync(ResultLine result, CancellationToken stop)
    {
        // The warm connections open as other runs open theirs (64 at a time), not as a storm.
        var warmOptions = options with { Connections = options.StormWarm, ConnectConcurrency = Math.Min(64, options.ConnectConcurrency) };
        var warmTree = new NamespaceTree(options.Namespace, options.Spread, warmOptions.Connections, options.LeavesOnly);
        using var warm = new SubscriberPool(warmOptions, warmTree, new MeasurementWindow(), new LatencyHistogram());
        using var storm = new SubscriberPool(options, tree, new MeasurementWindow(), new LatencyHistogram());
        try
        {
            if (warmOptions.Connections > 0)
            {
                Console.Error.WriteLine($"warming up: {warmOptions.Connections} connections first");
                await warm.OpenAsync(stop);
                Console.Error.WriteLine($"  {warm.Opened}/{warm.Capacity} open; settling {Settle.TotalSeconds:0} s");
                await Task.Delay(Settle, stop);
            }

            var before = ProcessSample.Take(options.ServerPid);
            var (userBefore, systemBefore, gcBefore) = ToolTimes();
            await LoadCommand.OpenAsync(storm, result, stop);
            var after = ProcessSample.Take(options.ServerPid);
            var (userAfter, systemAfter, gcAfter) = ToolTimes();
            Console.Error.WriteLine(
                $"  the tool meanwhile: user {(userAfter - userBefore).TotalMilliseconds:0} ms, system {(systemAfter - systemBefore).TotalMilliseconds:0} ms, {gcAfter - gcBefore} GCs");
            Console.Error.WriteLine(
                $"  storm of {storm.Opened}: {storm.ConnectSpanMilliseconds:0} ms from the first connect to the last retry: line; " +
                $"server CPU {after.ServerCpuPercentSince(before):0}%, load CPU {after.ToolCpuPercentSince(before):0}% meanwhile; " +
                $"other processes took {after.ServerCoreOtherPercentSince(before):0}% of the server's core, {after.ToolCoreOtherPercentSince(before):0}% of the tool's");
            return result
                .Add("connect_concurrency", options.ConnectConcurrency)
                .Add("storm_warm", warm.Opened)
                .AddCpu(after, before)
                .Add("server_rss_mb", after.ServerRssMb)
                .Add("disconnects", warm.Disconnects() + storm.Disconnects());
        }
        finally
        {
            await LoadCommand.CloseAsync(storm);
            await LoadCommand.CloseAsync(warm);
        }
    }
}
