using System.Diagnostics;

namespace SseOrleans.Benchmarks.Load;

/// <summary>
/// <c>--publish-only</c>: no subscribers; how many publishes per second the server accepts (202)
/// into one namespace, or round-robin over many (<c>--namespaces N</c>), with <c>--concurrency</c>
/// requests in flight, unpaced (<c>--rate 0</c>, the default here) or at a rate.
/// </summary>
internal sealed class PublishThroughputRun(LoadOptions options, NamespaceTree tree)
{
    public async Task<ResultLine> RunAsync(ResultLine result, CancellationToken stop)
    {
        var nodes = ClusterNode.Of(options);
        await using var transport = await Publisher.ConnectAsync(options, tree, stop);
        var publisher = new Publisher(options, tree, new MeasurementWindow(), transport);
        using var publishing = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var count = options.Rate > 0 ? (long)Math.Round((options.Warmup + options.Duration) * options.Rate) : long.MaxValue;
        Console.Error.WriteLine(
            $"publishing ({options.PublishVia}) to {tree.LeafCount} namespace(s) at {(options.Rate > 0 ? $"{options.Rate:0.#}/s" : "full speed")} with {options.Concurrency} in flight, {options.Warmup:0.#} s warm-up + {options.Duration:0.#} s");
        var start = Stopwatch.GetTimestamp();
        var run = publisher.RunAsync(0, count, options.Rate, publishing.Token, stop);
        await Task.Delay(TimeSpan.FromSeconds(options.Warmup), stop);
        publisher.ResetWindow();
        var before = ProcessSample.Take(options.ServerPid);
        var clusterBefore = ClusterSample.Take(nodes);
        var acceptedBefore = publisher.Accepted;
        var errorsBefore = publisher.Errors;
        await Task.Delay(TimeSpan.FromSeconds(options.Warmup + options.Duration) - Stopwatch.GetElapsedTime(start), stop);
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
}
