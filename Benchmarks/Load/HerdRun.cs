namespace SseOrleans.Benchmarks.Load;

/// <summary>
/// <c>--herd</c>: a front-end just started (give it a fresh server) gets <c>--connections</c> subscriptions
/// at once, <c>--connect-concurrency</c> in flight, as when its clients reconnect after a restart. Reports the
/// time until all are open (<c>connect_span_ms</c>), the RSS each idle connection costs once they have been
/// idle <c>--idle-settle</c> seconds, and then, one at a time beside the idle herd, the first byte of
/// <c>--probes</c> subscribes to the herd's namespace (its feed live: <c>first_byte_*</c>) and of as many to
/// namespaces nobody subscribed to yet (<c>first_byte_new_*</c>: the feed's stream subscription included).
/// </summary>
internal sealed class HerdRun(LoadOptions options, NamespaceTree tree)
{
    public async Task<ResultLine> RunAsync(ResultLine result, CancellationToken stop)
    {
        using var herd = new SubscriberPool(options, tree, new MeasurementWindow(), new LatencyHistogram());
        try
        {
            var empty = ProcessSample.Take(options.ServerPid);
            await LoadCommand.OpenAsync(herd, result, stop);
            var opened = ProcessSample.Take(options.ServerPid);
            // The server's own CPU time for the herd: less at the mercy of other processes than the span is.
            var cpuMs = (opened.ServerCpu - empty.ServerCpu).TotalMilliseconds;
            Console.Error.WriteLine(
                $"  herd of {herd.Opened}: server CPU {cpuMs:0} ms ({opened.ServerCpuPercentSince(empty):0}%), other processes took {opened.ServerCoreOtherPercentSince(empty):0}% of the server's core");
            result.AddCpu(opened, empty).Add("server_cpu_ms", cpuMs);

            await Task.Delay(TimeSpan.FromSeconds(options.IdleSettle), stop);
            var settled = ProcessSample.Take(options.ServerPid);
            var perConnection = empty.ServerRssKb < 0 || herd.Opened == 0 ? double.NaN : (settled.ServerRssKb - empty.ServerRssKb) / (double)herd.Opened;
            Console.Error.WriteLine($"  server RSS {empty.ServerRssMb:0} MB fresh -> {settled.ServerRssMb:0} MB with {herd.Opened} idle connections: {perConnection:0.0} KB each");

            var server = options.Servers[0];
            var live = new LatencyHistogram();
            var fresh = new LatencyHistogram();
            var failures = 0;
            for (var i = 0; i < options.Probes; i++)
            {
                failures += await ProbeAsync(server, tree.SubscriberPath(i), live, stop);
                failures += await ProbeAsync(server, $"{options.Namespace}/probe-{i}", fresh, stop);
            }

            Console.Error.WriteLine(
                $"  first byte of an idle subscribe, {options.Probes} each: live namespace p50 {live.PercentileMilliseconds(50):0.00} max {live.MaxMilliseconds:0.00} ms; " +
                $"new namespace p50 {fresh.PercentileMilliseconds(50):0.00} max {fresh.MaxMilliseconds:0.00} ms");
            return result
                .Add("server_rss_empty_mb", empty.ServerRssMb)
                .Add("server_rss_mb", settled.ServerRssMb)
                .Add("rss_per_conn_kb", perConnection)
                .Add("first_byte_p50_ms", live.PercentileMilliseconds(50))
                .Add("first_byte_max_ms", live.MaxMilliseconds)
                .Add("first_byte_new_p50_ms", fresh.PercentileMilliseconds(50))
                .Add("first_byte_new_max_ms", fresh.MaxMilliseconds)
                .Add("first_byte_failures", failures)
                .Add("disconnects", herd.Disconnects());
        }
        finally
        {
            await LoadCommand.CloseAsync(herd);
        }
    }

    // Returns 1 when the subscribe got no first byte in time (counted, not fatal: the other probes still tell).
    private static async Task<int> ProbeAsync(System.Net.IPEndPoint server, string path, LatencyHistogram into, CancellationToken stop)
    {
        try
        {
            into.Record((long)(await FirstByteProbe.MeasureAsync(server, path, stop)).TotalMicroseconds);
            return 0;
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or System.Net.Sockets.SocketException && !stop.IsCancellationRequested)
        {
            Console.Error.WriteLine($"  first-byte probe of {path} failed: {exception.Message}");
            return 1;
        }
    }
}
