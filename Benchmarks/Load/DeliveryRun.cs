using System.Diagnostics;

namespace SseOrleans.Benchmarks.Load;

/// <summary>
/// The delivery scenarios: open the subscribers, then publish at a rate (or step the rate up to
/// the highest that passes, with <c>--search</c>) and measure deliveries, loss and latency; with
/// <c>--publish none</c>, only count what arrives from someone else's publisher.
/// </summary>
internal sealed class DeliveryRun(LoadOptions options, NamespaceTree tree)
{
    public const int MaxSearchSteps = 10;

    private static readonly TimeSpan Cooldown = TimeSpan.FromSeconds(3);

    private readonly List<ClusterNode> _nodes = ClusterNode.Of(options);
    private readonly MeasurementWindow _window = new();
    private readonly LatencyHistogram _latency = new();
    private long _nextSequence;

    public async Task<ResultLine> RunAsync(ResultLine result, CancellationToken stop)
    {
        using var pool = new SubscriberPool(options, tree, _window, _latency);
        if (!options.Publish)
        {
            try
            {
                await LoadCommand.OpenAsync(pool, result, stop);
                return Listen(pool, result, await ListenAsync(pool, stop));
            }
            finally
            {
                await LoadCommand.CloseAsync(pool);
            }
        }

        // Connected before the subscribers open: a publisher that cannot reach the server fails the run at once.
        await using var transport = await Publisher.ConnectAsync(options, tree, stop);
        var publisher = new Publisher(options, tree, _window, transport);
        try
        {
            await LoadCommand.OpenAsync(pool, result, stop);

            if (!options.Search)
            {
                var step = await StepAsync(pool, publisher, options.Rate, options.Warmup, stop);
                step.AddTo(result);
                return result;
            }

            return await SearchAsync(pool, publisher, result, stop);
        }
        finally
        {
            await LoadCommand.CloseAsync(pool);
        }
    }

    private async Task<ResultLine> SearchAsync(SubscriberPool pool, Publisher publisher, ResultLine result, CancellationToken stop)
    {
        var steps = new List<ResultLine>();
        DeliveryStep? best = null;
        DeliveryStep? last = null;
        double low = 0, high = double.PositiveInfinity, rate = options.Rate;
        for (var i = 0; i < MaxSearchSteps && !stop.IsCancellationRequested; i++)
        {
            last = await StepAsync(pool, publisher, rate, i == 0 ? Math.Max(options.Warmup, options.SearchWarmup) : options.Warmup, stop);
            var pass = last.Passes(options);
            for (var retry = 0; !pass && retry < options.SearchRetries; retry++)
            {
                // On a shared machine one disturbed window can fail a rate the server holds.
                Console.Error.WriteLine($"  search step {i + 1}: FAIL; again ({retry + 1} of {options.SearchRetries})");
                steps.Add(last.Summary(pass));
                await Task.Delay(Cooldown, stop);
                last = await StepAsync(pool, publisher, rate, options.Warmup, stop);
                pass = last.Passes(options);
            }

            Console.Error.WriteLine($"  search step {i + 1}: {(pass ? "pass" : "FAIL")}");
            steps.Add(last.Summary(pass));
            if (pass)
            {
                best = last;
                low = rate;
            }
            else
            {
                high = rate;
            }

            rate = double.IsPositiveInfinity(high) ? rate * 2 : Math.Round((low + high) / 2);
            if (!double.IsPositiveInfinity(high) && high - low <= Math.Max(10, high * 0.05))
            {
                break;
            }

            await Task.Delay(Cooldown, stop);
        }

        result.Add("max_rate", best?.Rate ?? 0).Add("max_loss_pct", options.MaxLossPct).Add("max_p99_ms", options.MaxP99Ms);
        (best ?? last)?.AddTo(result);
        result.Add("steps", steps);
        return result;
    }

    /// <summary>One measured window: warm-up, measured events, then a grace period for late ones.</summary>
    private async Task<DeliveryStep> StepAsync(SubscriberPool pool, Publisher publisher, double rate, double warmup, CancellationToken stop)
    {
        var warmupEvents = (long)Math.Round(warmup * rate);
        var measuredEvents = Math.Max(1, (long)Math.Round(options.Duration * rate));
        var first = _nextSequence;
        _nextSequence = first + warmupEvents + measuredEvents;
        _window.Clear();
        _latency.Reset();
        pool.ResetWindowCounts();
        publisher.ResetWindow();
        var disconnects = pool.Disconnects();
        var errors = publisher.Errors;

        Console.Error.WriteLine($"publishing {rate:0.#}/s for {warmup:0.#} s warm-up + {options.Duration:0.#} s to {pool.Count} subscribers");
        using var stopSending = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var start = Stopwatch.GetTimestamp();
        var publishing = publisher.RunAsync(first, warmupEvents + measuredEvents, rate, stopSending.Token, stop);
        await DelayUntil(start, warmup, stop);
        _window.Open(publisher.NextSequence);
        var before = ProcessSample.Take(options.ServerPid);
        var clusterBefore = ClusterSample.Take(_nodes);
        var deliveredBefore = pool.Delivered();
        var acceptedBefore = publisher.Accepted;
        var rss = await SampleUntilAsync(pool, start, warmup, warmup + options.Duration, stop);

        // The window is over: what was not sent by now is not published (it counts against accepted_per_s).
        await stopSending.CancelAsync();
        _window.Close(publisher.NextSequence);
        var after = ProcessSample.Take(options.ServerPid);
        var clusterAfter = ClusterSample.Take(_nodes);
        rss?.Add(after.ServerRssMb);
        var delivered = pool.Delivered() - deliveredBefore;
        var accepted = publisher.Accepted - acceptedBefore;
        var seconds = after.Seconds(before);
        if (publisher.NextSequence < _nextSequence)
        {
            Console.Error.WriteLine($"  the publisher fell behind: {_nextSequence - publisher.NextSequence} scheduled events not sent");
        }

        if (await Task.WhenAny(publishing, Task.Delay(TimeSpan.FromSeconds(15), stop)) != publishing)
        {
            Console.Error.WriteLine("  publish requests still in flight 15 s after the window: expected may be short");
        }

        var graceEnd = Stopwatch.GetTimestamp() + (long)(options.Grace * Stopwatch.Frequency);
        while (pool.InWindow() < publisher.Expected && Stopwatch.GetTimestamp() < graceEnd)
        {
            await Task.Delay(50, stop);
        }

        var step = new DeliveryStep(
            rate, publisher.AcceptedInWindow, publisher.Errors - errors, accepted / seconds, publisher.Expected, pool.InWindow(),
            delivered / seconds,
            _latency.PercentileMilliseconds(50), _latency.PercentileMilliseconds(90), _latency.PercentileMilliseconds(99), _latency.MaxMilliseconds,
            publisher.PostLatency.PercentileMilliseconds(50), publisher.PostLatency.PercentileMilliseconds(99),
            pool.Disconnects() - disconnects,
            after.ServerCpuPercentSince(before), after.ToolCpuPercentSince(before), after.ServerRssMb,
            after.ServerCoreOtherPercentSince(before), after.ToolCoreOtherPercentSince(before))
        { Rss = rss, Cluster = clusterBefore is null || clusterAfter is null ? null : (clusterBefore, clusterAfter) };
        Console.Error.WriteLine("  " + step);
        return step;
    }

    /// <summary><c>--publish none</c>: every parseable event counts for latency; no loss without a schedule.</summary>
    private async Task<(ProcessSample Before, ProcessSample After, long Delivered)> ListenAsync(SubscriberPool pool, CancellationToken stop)
    {
        _window.Set(0, long.MaxValue);
        _latency.Reset();
        Console.Error.WriteLine($"listening for {options.Duration:0.#} s (publish none)");
        var before = ProcessSample.Take(options.ServerPid);
        var deliveredBefore = pool.Delivered();
        await Task.Delay(TimeSpan.FromSeconds(options.Duration), stop);
        return (before, ProcessSample.Take(options.ServerPid), pool.Delivered() - deliveredBefore);
    }

    private ResultLine Listen(SubscriberPool pool, ResultLine result, (ProcessSample Before, ProcessSample After, long Delivered) window)
    {
        var seconds = window.After.Seconds(window.Before);
        return result.AddCpu(window.After, window.Before)
            .Add("received", window.Delivered)
            .Add("deliveries_per_s", window.Delivered / seconds)
            .Add("p50_ms", _latency.PercentileMilliseconds(50))
            .Add("p90_ms", _latency.PercentileMilliseconds(90))
            .Add("p99_ms", _latency.PercentileMilliseconds(99))
            .Add("max_ms", _latency.MaxMilliseconds)
            .Add("disconnects", pool.Disconnects())
            .Add("server_rss_mb", window.After.ServerRssMb);
    }

    /// <summary>
    /// Waits until <paramref name="end"/> s after <paramref name="start"/>; with <c>--sample-interval</c>,
    /// reads the server's RSS from <paramref name="from"/> s on at every interval meanwhile (the caller adds
    /// the last sample, at the end) and logs it with the deliveries and disconnects so far.
    /// </summary>
    private async Task<RssSamples?> SampleUntilAsync(SubscriberPool pool, long start, double from, double end, CancellationToken stop)
    {
        if (options.SampleInterval <= 0)
        {
            await DelayUntil(start, end, stop);
            return null;
        }

        var samples = new RssSamples(options.SampleInterval);
        for (var at = from; at < end - 0.001; at += options.SampleInterval)
        {
            await DelayUntil(start, at, stop);
            var sample = ProcessSample.Take(options.ServerPid);
            samples.Add(sample.ServerRssMb);
            Console.Error.WriteLine(
                $"  t={at - from,5:0} s: server RSS {sample.ServerRssMb:0.0} MB, {pool.Delivered()} delivered, {pool.Disconnects()} disconnects");
        }

        await DelayUntil(start, end, stop);
        return samples;
    }

    private static async Task DelayUntil(long start, double seconds, CancellationToken stop)
    {
        var remaining = TimeSpan.FromSeconds(seconds) - Stopwatch.GetElapsedTime(start);
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining, stop);
        }
    }
}
