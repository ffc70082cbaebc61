using System.Diagnostics;

namespace SseOrleans.Benchmarks.Load;

/// <summary>
/// <c>--publish-only</c>: no subscribers; how many publishes per second the server accepts (202)
/// into one namespace, or round-robin over many (<c>--namespaces N</c>), with <c>--concurrency</c>
/// requests in flight, unpaced (<c>--rate 0</c>, the default here) or at a rate.
/// </summary>
internal sealed class PublishThroughputRun(LoadOptions options, NamespaceTree tree)
{
    /// <summary>
    /// How much longer than <c>--warmup</c> the warm-up may last until every namespace has accepted a
    /// publish: a window that still activates namespaces (a slow cluster, 1,000 of them) measures activation.
    /// </summary>
    public const double MaxWarmupExtension = 60;

    public async Task<ResultLine> RunAsync(ResultLine result, CancellationToken stop)
    {
        var nodes = ClusterNode.Of(options);
        await using var transport = await Publisher.ConnectAsync(options, tree, stop);
        var publisher = new Publisher(options, tree, new MeasurementWindow(), transport);
        using var publishing = CancellationTokenSource.CreateLinkedTokenSource(stop);
        Console.Error.WriteLine(
            $"publishing ({options.PublishVia}) to {tree.LeafCount} namespace(s) at {(options.Rate > 0 ? $"{options.Rate:0.#}/s" : "full speed")} with {options.Concurrency} in flight, {options.Warmup:0.#} s warm-up + {options.Duration:0.#} s");
        var start = Stopwatch.GetTimestamp();
        var run = publisher.RunAsync(0, long.MaxValue, options.Rate, publishing.Token, stop);
        await Task.Delay(TimeSpan.FromSeconds(options.Warmup), stop);
        await UntilEveryNamespaceAsync(publisher, start, stop);
        publisher.ResetWindow();
        var windowStart = Stopwatch.GetTimestamp();
        var before = ProcessSample.Take(options.ServerPid);
        var clusterBefore = ClusterSample.Take(nodes);
        var acceptedBefore = publisher.Accepted;
        var errorsBefore = publisher.Errors;
        await Task.Delay(TimeSpan.FromSeconds(options.Duration) - Stopwatch.GetElapsedTime(windowStart), stop);
        var after = ProcessSample.Take(options.ServerPid);
        var clusterAfter = ClusterSample.Take(nodes);
        var accepted = publisher.Accepted - acceptedBefore;
        var errors = publisher.Errors - errorsBefore;
        await publishing.CancelAsync();
        await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(11), stop));

        var seconds = after.Seconds(before);
        var post = publisher.PostLatency;
        Console.Error.WriteLine(
            $"  accepted {accepted / seconds:0}/s ({accepted} in {seconds:0.0} s, errors {errors}), publish p50 {post.PercentileMilliseconds(50):0.0} p99 {post.PercentileMilliseconds(99):0.0} max {post.MaxMilliseconds:0.0} ms, " +
            $"server CPU {after.ServerCpuPercentSince(before):0}%, load CPU {after.ToolCpuPercentSince(before):0}%" +
            (clusterAfter is null ? "" : "; " + clusterAfter.Describe(clusterBefore!)));
        return result
            .Add("rate", options.Rate)
            .Add("concurrency", options.Concurrency)
            .Add("accepted_per_s", accepted / seconds)
            .Add("published", accepted)
            .Add("publish_errors", errors)
            .Add("post_p50_ms", post.PercentileMilliseconds(50))
            .Add("post_p90_ms", post.PercentileMilliseconds(90))
            .Add("post_p99_ms", post.PercentileMilliseconds(99))
            .Add("post_max_ms", post.MaxMilliseconds)
            .Add("server_rss_mb", after.ServerRssMb)
            .AddCpu(after, before)
            .AddCluster(clusterBefore is null ? null : (clusterBefore, clusterAfter!), accepted / seconds, double.NaN);
    }

    // Round-robin over the leaves: once as many publishes as leaves were accepted, each leaf has had one.
    private async Task UntilEveryNamespaceAsync(Publisher publisher, long start, CancellationToken stop)
    {
        var limit = TimeSpan.FromSeconds(options.Warmup + MaxWarmupExtension);
        while (publisher.Accepted < tree.LeafCount && Stopwatch.GetElapsedTime(start) < limit)
        {
            await Task.Delay(100, stop);
        }

        var extra = Stopwatch.GetElapsedTime(start).TotalSeconds - options.Warmup;
        if (extra >= 0.1)
        {
            Console.Error.WriteLine(
                $"  warm-up {extra:0.0} s longer, until {Math.Min(publisher.Accepted, tree.LeafCount)} of the {tree.LeafCount} namespaces had accepted a publish");
        }
    }
}
