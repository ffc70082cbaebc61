using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using SseOrleans.TestSupport;
using Xunit.Abstractions;

namespace SseOrleans.Cluster.Tests;

/// <summary>
/// The failover scenario of issue 11: 48 subscribers (on both front-ends, on five leaf namespaces and
/// their parent), a paced publisher on both front-ends, and the silo that hosts those namespaces SIGKILLed
/// while it publishes. The namespaces are chosen so that their grains are active on one silo; just before
/// the kill the test looks again, kills the parent's silo and requires leaves there too (the figures say
/// which were), and two ancestors above the parent get their first subscribers
/// late: one during the publishes, one right after the kill. Every subscriber, those that stay connected
/// and those that reconnect with their last id meanwhile, must get every accepted (<c>202</c>) event of its
/// subtree published after it subscribed exactly once, with ids that follow each other within an epoch
/// (<see cref="DeliveryCheck"/>); every leaf must have accepted publishes after the kill. The figures
/// (publish failures, latency, time to resume, time until every subscriber had everything) go to the test
/// output as one <c>FAILOVER {...}</c> line; BENCHMARKS.md has them over repeated runs. Run by
/// <see cref="SiloFailoverTests"/> and <see cref="ProductionSiloFailoverTests"/>.
/// The cluster keeps stream subscriptions (<c>PubSubStore</c>) in Redis: with memory storage a subscription
/// whose pubsub state died with the silo cannot be re-established (docs/cluster.md);
/// <c>SSE_TEST_PUBSUBSTORE=Memory</c> shows it.
/// </summary>
internal sealed class SiloFailoverScenario(SseCluster cluster, ITestOutputHelper output, double rate)
{
    private const int Leaves = 5;
    private const int PerNamespaceAndFrontEnd = 4;

    private static readonly TimeSpan KillAfter = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan LateAncestorAfter = TimeSpan.FromSeconds(1.5);
    private static readonly TimeSpan PublishFor = TimeSpan.FromSeconds(12);

    // Publishing goes on at least this long after the last late subscriber was answered, so that each has
    // something to get however long the cluster took to answer it.
    private static readonly TimeSpan PublishAfterLate = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan MoveAfterKill = TimeSpan.FromSeconds(1);

    // A subscription opened as the silo dies waits for the cluster to settle (its namespace and stream
    // rendezvous may have been on that silo); on a busy machine that took longer than the usual 30 s.
    private static readonly TimeSpan LatePatience = TimeSpan.FromSeconds(60);

    // Every accepted event must reach every subscriber within this after the last publish: repairs are
    // triggered by holes, a lost gateway and the 1 s count renewal, all far inside it.
    private static readonly TimeSpan CatchUpBound = TimeSpan.FromSeconds(30);

    public async Task RunAsync()
    {
        // top / middle / parent / n0..n4: subscribers on the parent and the leaves from the start, the
        // middle's first ones during the publishes, the top's first ones as the silo dies.
        var top = TestNamespace.Unique("/failover-");
        var placed = await cluster.SiloOfAsync(top);
        var middle = await cluster.NamespaceOnAsync(placed, i => $"{top}/m{i}");
        var parent = await cluster.NamespaceOnAsync(placed, i => $"{middle}/p{i}");
        var leaves = new string[Leaves];
        for (var i = 0; i < Leaves; i++)
        {
            leaves[i] = await cluster.NamespaceOnAsync(placed, j => $"{parent}/n{i}-{j}");
        }

        HttpClient[] frontEnds = [cluster.Api1, cluster.Api2];
        var subscribers = new List<RecordingSubscriber>();
        var movers = new List<RecordingSubscriber>();
        try
        {
            foreach (var path in leaves.Append(parent))
            {
                for (var i = 0; i < 2 * PerNamespaceAndFrontEnd; i++)
                {
                    var subscriber = await RecordingSubscriber.OpenAsync(path, frontEnds, i % 2);
                    subscribers.Add(subscriber);
                    if (i < 2)
                    {
                        // One on each front-end of every namespace moves to the other front-end during the failover.
                        movers.Add(subscriber);
                    }
                }
            }

            var published = new ConcurrentBag<PublishOutcome>();
            foreach (var leaf in leaves)
            {
                published.Add(await PublishAsync(cluster.Api1, leaf, "warm" + leaf, Stopwatch.GetTimestamp()));
            }

            Assert.NotNull(await DeliveryCheck.WaitForAllAsync(subscribers, published, TimeSpan.FromSeconds(30)));

            var start = Stopwatch.GetTimestamp();
            var lateAnswered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var publishing = PublishPacedAsync(leaves, published, start, lateAnswered.Task);
            await Task.Delay(LateAncestorAfter);
            subscribers.AddRange(await OpenEachAsync(middle, frontEnds, LatePatience));
            await Task.Delay(KillAfter - LateAncestorAfter);
            // Where they are now: a namespace that had nothing to keep yet (no event, no subscriber counted) may
            // have been deactivated and come back on the other silo since. The parent's silo dies, and it
            // must host leaves as well.
            var hosts = new Dictionary<string, ClusterNode>(StringComparer.Ordinal);
            foreach (var path in leaves.Append(parent).Append(middle).Append(top))
            {
                hosts[path] = await cluster.SiloOfAsync(path);
            }

            var victim = hosts[parent];
            var hosted = string.Create(CultureInfo.InvariantCulture,
                $"{victim}: parent, {leaves.Count(l => hosts[l] == victim)} of {Leaves} leaves, middle {hosts[middle] == victim}, top {hosts[top] == victim}");
            Assert.True(leaves.Any(l => hosts[l] == victim), $"The silo about to die hosts the parent but no leaf ({hosted}).");
            cluster.Kill(victim);
            var killed = Stopwatch.GetTimestamp();
            var late = OpenEachAsync(top, frontEnds, LatePatience);
            await Task.Delay(MoveAfterKill);
            await Task.WhenAll(movers.Select(m => m.MoveAsync()));
            RecordingSubscriber[] lateToTop;
            try
            {
                lateToTop = await late;
            }
            finally
            {
                lateAnswered.TrySetResult();
            }

            subscribers.AddRange(lateToTop);
            await publishing;
            var lastPublish = Stopwatch.GetTimestamp();

            var complete = await DeliveryCheck.WaitForAllAsync(subscribers, published, CatchUpBound);
            var report = DeliveryCheck.Check(subscribers, published);
            var acceptedAfterKill = leaves.Select(leaf => published.Count(p => p.Path == leaf && p.Accepted && p.Started > killed)).ToArray();

            // The late ones must have had something to get: a subscription answered after the last publish checks nothing.
            var lateDue = subscribers.Where(s => s.Path == middle || s.Path == top).Select(s => published.Count(p => DeliveryCheck.IsDue(s, p))).ToArray();
            var lateNote = string.Create(CultureInfo.InvariantCulture,
                $"\"top_subscribed_after_kill_s\": {lateToTop.Max(s => Stopwatch.GetElapsedTime(killed, s.Opened).TotalSeconds):F1}, \"due_to_late_subscribers\": [{string.Join(", ", lateDue)}]");
            var line = Line(subscribers, [.. published], report, hosted, lateNote, acceptedAfterKill, killed, lastPublish, complete);
            output.WriteLine(line);
            foreach (var problem in report.Problems)
            {
                output.WriteLine(problem);
            }

            Assert.True(report.Clean, $"{line}{Environment.NewLine}{string.Join(Environment.NewLine, report.Problems)}{Environment.NewLine}{cluster.RecentOutput()}");
            Assert.All(acceptedAfterKill, accepted => Assert.True(accepted > 0, $"a leaf accepted nothing after the kill: {line}"));
            Assert.All(lateDue, due => Assert.True(due > 0, $"a late subscriber was answered after the last publish: {line}"));
        }
        finally
        {
            await Task.WhenAll(subscribers.Select(s => s.DisposeAsync().AsTask()));
        }
    }

    // A subscriber on each front-end, both opened at once.
    private static async Task<RecordingSubscriber[]> OpenEachAsync(string path, HttpClient[] frontEnds, TimeSpan patience) =>
        await Task.WhenAll(frontEnds.Select((_, i) => RecordingSubscriber.OpenAsync(path, frontEnds, i, patience)));

    // Event i is due at start + i / rate on one front-end or the other, whatever the earlier ones are doing;
    // for PublishFor, and until PublishAfterLate after the late subscribers were answered.
    private async Task PublishPacedAsync(string[] leaves, ConcurrentBag<PublishOutcome> published, long start, Task lateAnswered)
    {
        var inFlight = new List<Task>();
        long? lastAnswered = null;
        for (var i = 0; ; i++)
        {
            var due = TimeSpan.FromSeconds(i / rate);
            lastAnswered ??= lateAnswered.IsCompleted ? Stopwatch.GetTimestamp() : null;
            if (due >= PublishFor && lastAnswered is { } answered && Stopwatch.GetElapsedTime(answered) >= PublishAfterLate)
            {
                break;
            }

            var wait = due - Stopwatch.GetElapsedTime(start);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            var api = i % 2 == 0 ? cluster.Api1 : cluster.Api2;
            var leaf = leaves[i % leaves.Length];
            var data = "e" + i.ToString(CultureInfo.InvariantCulture);
            inFlight.Add(Task.Run(async () => published.Add(await PublishAsync(api, leaf, data, Stopwatch.GetTimestamp()))));
        }

        await Task.WhenAll(inFlight);
    }

    private static async Task<PublishOutcome> PublishAsync(HttpClient api, string path, string data, long started)
    {
        try
        {
            var status = await api.TryPublishAsync(path, data);
            return new PublishOutcome(path, data, status, started, Stopwatch.GetTimestamp(), null);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return new PublishOutcome(path, data, null, started, Stopwatch.GetTimestamp(), exception.GetBaseException() is System.Net.Sockets.SocketException socket ? socket.SocketErrorCode.ToString() : exception.GetBaseException().GetType().Name);
        }
    }

    private string Line(
        List<RecordingSubscriber> subscribers, PublishOutcome[] all, DeliveryReport report, string hosted, string lateNote, int[] acceptedAfterKill, long killed, long lastPublish, long? complete)
    {
        // When the slowest stream first delivered an event published after the kill.
        var after = all.Where(p => p.Started > killed).Select(p => p.Data).ToHashSet(StringComparer.Ordinal);
        var resumedAfter = TimeSpan.Zero;
        foreach (var subscriber in subscribers)
        {
            var first = subscriber.Received().Where(r => after.Contains(r.Data)).Select(r => r.Arrived).DefaultIfEmpty(long.MaxValue).Min();
            var resumed = first == long.MaxValue ? TimeSpan.MaxValue : Stopwatch.GetElapsedTime(killed, first);
            resumedAfter = resumed > resumedAfter ? resumed : resumedAfter;
        }

        var latencies = all.Where(p => p.Accepted).Select(p => Stopwatch.GetElapsedTime(p.Started, p.Finished).TotalMilliseconds).Order().ToArray();
        // Per kind of failure: how many, and when the first and the last of them was sent (s after the kill) and how long it took.
        var failures = all.Where(p => !p.Accepted)
            .GroupBy(p => p.Status is { } status ? ((int)status).ToString(CultureInfo.InvariantCulture) : p.Failure)
            .Select(g => string.Create(CultureInfo.InvariantCulture,
                $"\"{g.Key}\": [{g.Count()}, {Since(killed, g.Min(p => p.Started))}, {Since(killed, g.Max(p => p.Started))}, {g.Max(p => Stopwatch.GetElapsedTime(p.Started, p.Finished).TotalSeconds):F1}]"));
        return string.Create(CultureInfo.InvariantCulture,
            $"FAILOVER {{\"rate\": {rate}, \"membership\": \"{cluster.Membership}\", " +
            $"\"subscribers\": {subscribers.Count}, \"published\": {all.Length}, {report}, \"failures\": {{{string.Join(", ", failures)}}}, " +
            $"\"killed\": \"{hosted}\", {lateNote}, \"accepted_after_kill\": [{string.Join(", ", acceptedAfterKill)}], \"reconnects\": {subscribers.Sum(s => s.Reconnects)}, " +
            $"\"publish_p50_ms\": {Percentile(latencies, 0.5):F0}, \"publish_p99_ms\": {Percentile(latencies, 0.99):F0}, \"publish_max_ms\": {Percentile(latencies, 1):F0}, " +
            $"\"resumed_s\": {Seconds(resumedAfter)}, \"complete_after_last_publish_s\": {(complete is { } done ? Seconds(Stopwatch.GetElapsedTime(lastPublish, done)) : "null")}}}");
    }

    private static string Since(long from, long to) =>
        ((double)(to - from) / Stopwatch.Frequency).ToString("F1", CultureInfo.InvariantCulture);

    private static double Percentile(double[] sorted, double fraction) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(fraction * sorted.Length) - 1)];

    private static string Seconds(TimeSpan elapsed) =>
        elapsed == TimeSpan.MaxValue ? "null" : elapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture);
}
