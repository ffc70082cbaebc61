namespace SseOrleans.Benchmarks.Load;

/// <summary>What one measured window at one publish rate gave.</summary>
internal sealed record DeliveryStep(
    double Rate,
    long Published,
    long PublishErrors,
    double AcceptedPerSecond,
    long Expected,
    long Received,
    double DeliveriesPerSecond,
    double P50Ms,
    double P90Ms,
    double P99Ms,
    double MaxMs,
    double PostP50Ms,
    double PostP99Ms,
    int Disconnects,
    double ServerCpuPct,
    double ToolCpuPct,
    double ServerRssMb,
    double ServerCoreOtherPct,
    double LoadCoreOtherPct)
{
    /// <summary>The server's RSS sampled over the window (<c>--sample-interval</c>), if it was.</summary>
    public RssSamples? Rss { get; init; }

    /// <summary>The cluster's nodes at the start and the end of the window, when they were given (<c>--silo-pids</c>...).</summary>
    public (ClusterSample Before, ClusterSample After)? Cluster { get; init; }

    /// <summary>Deliveries expected but not received, in % of expected; NaN when nothing was expected.</summary>
    public double LossPct => Expected > 0 ? 100.0 * Math.Max(0, Expected - Received) / Expected : double.NaN;

    /// <summary>The search's criterion: loss and p99 under the limits, and the publisher kept to its rate.</summary>
    public bool Passes(LoadOptions options) =>
        Expected > 0 && LossPct < options.MaxLossPct && P99Ms < options.MaxP99Ms && AcceptedPerSecond >= 0.95 * Rate && PublishErrors == 0;

    public void AddTo(ResultLine result) => result
        .Add("rate", Rate)
        .Add("published", Published)
        .Add("publish_errors", PublishErrors)
        .Add("accepted_per_s", AcceptedPerSecond)
        .Add("expected", Expected)
        .Add("received", Received)
        .Add("deliveries_per_s", DeliveriesPerSecond)
        .Add("loss_pct", LossPct)
        .Add("p50_ms", P50Ms)
        .Add("p90_ms", P90Ms)
        .Add("p99_ms", P99Ms)
        .Add("max_ms", MaxMs)
        .Add("post_p50_ms", PostP50Ms)
        .Add("post_p99_ms", PostP99Ms)
        .Add("disconnects", Disconnects)
        .Add("server_cpu_pct", ServerCpuPct)
        .Add("load_cpu_pct", ToolCpuPct)
        .Add("server_rss_mb", ServerRssMb)
        .Add("server_core_other_pct", ServerCoreOtherPct)
        .Add("load_core_other_pct", LoadCoreOtherPct)
        .AddSamples(Rss)
        .AddCluster(Cluster, AcceptedPerSecond, DeliveriesPerSecond);

    /// <summary>A search step's entry: the rate, whether it passed, and what it reached.</summary>
    public ResultLine Summary(bool pass) => new ResultLine()
        .Add("rate", Rate).Add("pass", pass).Add("loss_pct", LossPct).Add("p99_ms", P99Ms)
        .Add("deliveries_per_s", DeliveriesPerSecond).Add("server_cpu_pct", ServerCpuPct)
        .AddCluster(Cluster, AcceptedPerSecond, DeliveriesPerSecond, brief: true);

    public override string ToString() =>
        $"rate {Rate:0.#}/s: {DeliveriesPerSecond:0} deliveries/s, loss {LossPct:0.###}% ({Received}/{Expected}), " +
        $"latency p50 {P50Ms:0.0} p90 {P90Ms:0.0} p99 {P99Ms:0.0} max {MaxMs:0.0} ms, accepted {AcceptedPerSecond:0}/s " +
        $"(errors {PublishErrors}, POST p50 {PostP50Ms:0.0} p99 {PostP99Ms:0.0} ms), disconnects {Disconnects}, " +
        $"server CPU {ServerCpuPct:0}% RSS {ServerRssMb:0} MB, load CPU {ToolCpuPct:0}%; other processes took {ServerCoreOtherPct:0}% of the server's core, {LoadCoreOtherPct:0}% of the tool's" +
        (Cluster is (var before, var after) ? "; " + after.Describe(before) : "");
}
