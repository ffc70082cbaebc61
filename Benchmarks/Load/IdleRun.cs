namespace SseOrleans.Benchmarks.Load;

/// <summary>
/// <c>--idle</c>: open the connections, publish nothing, and after they have been idle a few
/// seconds read how much the server's RSS grew per connection.
/// </summary>
internal sealed class IdleRun(LoadOptions options, NamespaceTree tree)
{
    public async Task<ResultLine> RunAsync(ResultLine result, CancellationToken stop)
    {
        using var pool = new SubscriberPool(options, tree, new MeasurementWindow(), new LatencyHistogram());
        try
        {
            var empty = ProcessSample.Take(options.ServerPid);
            await LoadCommand.OpenAsync(pool, result, stop);
            Console.Error.WriteLine($"idle for {options.IdleSettle:0.#} s");
            var open = ProcessSample.Take(options.ServerPid);
            await Task.Delay(TimeSpan.FromSeconds(options.IdleSettle), stop);
            var settled = ProcessSample.Take(options.ServerPid);
            var perConnection = empty.ServerRssKb < 0 || pool.Opened == 0
                ? double.NaN
                : (settled.ServerRssKb - empty.ServerRssKb) / (double)pool.Opened;
            Console.Error.WriteLine(
                $"  server RSS {empty.ServerRssMb:0} MB empty -> {settled.ServerRssMb:0} MB with {pool.Opened} idle connections: {perConnection:0.0} KB each; " +
                $"idle server CPU {settled.ServerCpuPercentSince(open):0.0}%");
            return result.AddCpu(settled, open)
                .Add("server_rss_empty_mb", empty.ServerRssMb)
                .Add("server_rss_mb", settled.ServerRssMb)
                .Add("rss_per_conn_kb", perConnection)
                .Add("disconnects", pool.Disconnects());
        }
        finally
        {
            await LoadCommand.CloseAsync(pool);
        }
    }
}
