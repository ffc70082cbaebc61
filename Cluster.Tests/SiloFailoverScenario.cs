using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using SseOrleans.TestSupport;
using Xunit.Abstractions;

namespace SseOrleans.Cluster.Tests;

/// <summary>
/// The failover scenario of issue 11: 48 subscribers (on both front-ends, on five leaf namespaces and
/// their grandparent), a paced publisher on both front-ends, one silo SIGKILLed while it publishes. Every
/// subscriber, those that stay connected and those that reconnect with their last id meanwhile, must get
/// every accepted (<c>202</c>) event of its namespace exactly once. The leaves' parent has no subscriber
/// until one on each front-end subscribes during the publishes, and two more just after the kill (issue 18:
/// an ancestor takes copies only from its first subscriber on): each must get every event accepted after its
/// subscription was answered, exactly once. The figures (publish failures,
/// latency, time to resume, time until every subscriber had everything) go to the test output as one
/// <c>FAILOVER {...}</c> line; BENCHMARKS.md has them over repeated runs. Run by
/// <see cref="SiloFailoverTests"/> and <see cref="ProductionSiloFailoverTests"/>.
/// The cluster keeps stream subscriptions (<c>PubSubStore</c>) in Redis: with memory storage a subscription
/// whose pubsub state died with the silo cannot be re-established (README, "Running a cluster");
/// <c>SSE_TEST_PUBSUBSTORE=Memory</c> shows it.
/// </summary>
internal sealed class SiloFailoverScenario(SseCluster cluster, ITestOutputHelper output, double rate)
{
    private const int Leaves = 5;
    private const int PerNamespaceAndFrontEnd = 4;
    private static readonly TimeSpan KillAfter = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan PublishFor = TimeSpan.FromSeconds(12);
    private static readonly TimeSpan MoveAfterKill = TimeSpan.FromSeconds(1);

    // Every accepted event must reach every subscriber within this after the last publish: repairs are
    // triggered by holes, a lost gateway and the 1 s count renewal, all far inside it.
    private static readonly TimeSpan CatchUpBound = TimeSpan.FromSeconds(30);

    public async Task RunAsync()
    {
        var parent = TestNamespace.Unique("/failover-");
        var middle = parent + "/mid";
        var leaves = Enumerable.Range(0, Leaves).Select(i => $"{middle}/n{i}").ToArray();
        var late = new Dictionary<RecordingSubscriber, long>();
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

            var published = new ConcurrentBag<Publish>();
            foreach (var leaf in leaves)
            {
                published.Add(await PublishAsync(cluster.Api1, leaf, "warm" + leaf, Stopwatch.GetTimestamp()));
            }

            await WaitForAllAsync(subscribers, published, leaves, parent, late, TimeSpan.FromSeconds(30));

            var start = Stopwatch.GetTimestamp();
            var publishing = PublishPacedAsync(leaves, published, start);
            await Task.Delay(KillAfter / 2);
            await SubscribeLateAsync(middle, frontEnds, subscribers, late);
            await Task.Delay(KillAfter / 2);
            cluster.Silo1.Kill();
            var killed = Stopwatch.GetTimestamp();
            var lateAtKill = SubscribeLateAsync(middle, frontEnds, subscribers, late);
            await Task.Delay(MoveAfterKill);
            await Task.WhenAll(movers.Select(m => m.MoveAsync()));
            await lateAtKill;
            await publishing;
            var lastPublish = Stopwatch.GetTimestamp();

            var complete = await WaitForAllAsync(subscribers, published, leaves, parent, late, CatchUpBound);
            var report = Report(subscribers, published, leaves, parent, late, killed, lastPublish, complete);
            output.WriteLine(report.Line);
            foreach (var problem in report.Problems.Take(20))
            {
                output.WriteLine(problem);
            }

            Assert.True(report.Problems.Count == 0,
                $"{report.Line}{Environment.NewLine}{string.Join(Environment.NewLine, report.Problems.Take(20))}{Environment.NewLine}{cluster.RecentOutput()}");
        }
        finally
        {
            await Task.WhenAll(subscribers.Select(s => s.DisposeAsync().AsTask()));
        }
    }

    // One subscriber of the leaves' parent on each front-end; each expects what was published after it was answered.
    private static async Task SubscribeLateAsync(string path, HttpClient[] frontEnds, List<RecordingSubscriber> subscribers, Dictionary<RecordingSubscriber, long> late)
    {
        var opened = await Task.WhenAll(Enumerable.Range(0, frontEnds.Length).Select(async i =>
        {
            var subscriber = await RecordingSubscriber.OpenAsync(path, frontEnds, i);
            return (subscriber, Answered: Stopwatch.GetTimestamp());
        }));
        lock (late)
        {
            foreach (var (subscriber, answered) in opened)
            {
                subscribers.Add(subscriber);
                late.Add(subscriber, answered);
            }
        }
    }

    // Event i is due at start + i / rate on one front-end or the other, whatever the earlier ones are doing.
    private async Task PublishPacedAsync(string[] leaves, ConcurrentBag<Publish> published, long start)
    {
        var inFlight = new List<Task>();
        for (var i = 0; ; i++)
        {
            var due = TimeSpan.FromSeconds(i / rate);
            if (due >= PublishFor)
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

    private static async Task<Publish> PublishAsync(HttpClient api, string path, string data, long started)
    {
        try
        {
            var status = await api.TryPublishAsync(path, data);
            return new Publish(path, data, status, started, Stopwatch.GetTimestamp(), null);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return new Publish(path, data, null, started, Stopwatch.GetTimestamp(), exception.GetBaseException() is System.Net.Sockets.SocketException socket ? socket.SocketErrorCode.ToString() : exception.GetBaseException().GetType().Name);
        }
    }

    /// <summary>When every subscriber had every accepted event of its namespace, or null if the bound passed first.</summary>
    private static async Task<long?> WaitForAllAsync(
        List<RecordingSubscriber> subscribers, ConcurrentBag<Publish> published, string[] leaves, string parent, Dictionary<RecordingSubscriber, long> late, TimeSpan bound)
    {
        var expected = Expected(published, leaves, parent);
        var deadline = Stopwatch.GetTimestamp() + (long)(bound.TotalSeconds * Stopwatch.Frequency);
        while (!subscribers.TrueForAll(s => s.HasAll(ExpectedOf(s, expected, published, late))))
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                return null;
            }

            // Polling with a deadline: "every subscriber has everything" is no single event to await.
            await Task.Delay(50);
        }

        return Stopwatch.GetTimestamp();
    }

    // A late subscriber is owed the accepted events published after its subscription was answered.
    private static HashSet<string> ExpectedOf(
        RecordingSubscriber subscriber, Dictionary<string, HashSet<string>> expected, IEnumerable<Publish> published, Dictionary<RecordingSubscriber, long> late) =>
        late.TryGetValue(subscriber, out var answered)
            ? published.Where(p => p.Status == HttpStatusCode.Accepted && p.Started > answered).Select(p => p.Data).ToHashSet(StringComparer.Ordinal)
            : expected[subscriber.Path];

    private static Dictionary<string, HashSet<string>> Expected(IEnumerable<Publish> published, string[] leaves, string parent)
    {
        var accepted = published.Where(p => p.Status == HttpStatusCode.Accepted).ToArray();
        var expected = leaves.ToDictionary(leaf => leaf, leaf => accepted.Where(p => p.Path == leaf).Select(p => p.Data).ToHashSet(StringComparer.Ordinal));
        expected[parent] = accepted.Select(p => p.Data).ToHashSet(StringComparer.Ordinal);
        return expected;
    }

    private (string Line, List<string> Problems) Report(
        List<RecordingSubscriber> subscribers, ConcurrentBag<Publish> published, string[] leaves, string parent, Dictionary<RecordingSubscriber, long> late,
        long killed, long lastPublish, long? complete)
    {
        var expected = Expected(published, leaves, parent);
        var attempted = published.Select(p => p.Data).ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        long lost = 0, duplicated = 0;
        var resumedAfter = TimeSpan.Zero;
        foreach (var subscriber in subscribers)
        {
            var received = subscriber.Received();
            var counts = received.GroupBy(r => r.Data, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            var missing = ExpectedOf(subscriber, expected, published, late).Where(d => !counts.ContainsKey(d)).ToArray();
            var repeated = counts.Where(c => c.Value > 1).Select(c => c.Key).ToArray();
            var foreign = counts.Keys.Where(d => !attempted.Contains(d)).ToArray();
            lost += missing.Length;
            duplicated += repeated.Sum(d => counts[d] - 1);
            if (missing.Length + repeated.Length + foreign.Length > 0)
            {
                problems.Add($"{subscriber}: missing [{string.Join(' ', missing.Take(10))}] repeated [{string.Join(' ', repeated.Take(10))}] not published [{string.Join(' ', foreign.Take(10))}]");
            }

            // When this stream first delivered an event published after the kill.
            var after = published.Where(p => p.Started > killed).Select(p => p.Data).ToHashSet(StringComparer.Ordinal);
            var first = received.Where(r => after.Contains(r.Data)).Select(r => r.Arrived).DefaultIfEmpty(long.MaxValue).Min();
            var resumed = first == long.MaxValue ? TimeSpan.MaxValue : Stopwatch.GetElapsedTime(killed, first);
            resumedAfter = resumed > resumedAfter ? resumed : resumedAfter;
        }

        var all = published.ToArray();
        var accepted = all.Where(p => p.Status == HttpStatusCode.Accepted).ToArray();
        var latencies = accepted.Select(p => Stopwatch.GetElapsedTime(p.Started, p.Finished).TotalMilliseconds).Order().ToArray();
        // Per kind of failure: how many, and when the first and the last of them was sent (s after the kill) and how long it took.
        var failures = all.Where(p => p.Status != HttpStatusCode.Accepted)
            .GroupBy(p => p.Status is { } status ? ((int)status).ToString(CultureInfo.InvariantCulture) : p.Failure)
            .Select(g => string.Create(CultureInfo.InvariantCulture,
                $"\"{g.Key}\": [{g.Count()}, {Since(killed, g.Min(p => p.Started))}, {Since(killed, g.Max(p => p.Started))}, {g.Max(p => Stopwatch.GetElapsedTime(p.Started, p.Finished).TotalSeconds):F1}]"));
        var line = string.Create(CultureInfo.InvariantCulture,
            $"FAILOVER {{\"rate\": {rate}, \"membership\": \"{cluster.Membership}\", " +
            $"\"subscribers\": {subscribers.Count}, \"published\": {all.Length}, \"accepted\": {accepted.Length}, " +
            $"\"failed\": {all.Length - accepted.Length}, \"failures\": {{{string.Join(", ", failures)}}}, " +
            $"\"lost\": {lost}, \"duplicated\": {duplicated}, \"reconnects\": {subscribers.Sum(s => s.Reconnects)}, " +
            $"\"publish_p50_ms\": {Percentile(latencies, 0.5):F0}, \"publish_p99_ms\": {Percentile(latencies, 0.99):F0}, \"publish_max_ms\": {Percentile(latencies, 1):F0}, " +
            $"\"resumed_s\": {Seconds(resumedAfter)}, \"complete_after_last_publish_s\": {(complete is { } done ? Seconds(Stopwatch.GetElapsedTime(lastPublish, done)) : "null")}}}");
        return (line, problems);
    }

    private static string Since(long from, long to) =>
        ((double)(to - from) / Stopwatch.Frequency).ToString("F1", CultureInfo.InvariantCulture);

    private static double Percentile(double[] sorted, double fraction) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(fraction * sorted.Length) - 1)];

    private static string Seconds(TimeSpan elapsed) =>
        elapsed == TimeSpan.MaxValue ? "null" : elapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture);

    private sealed record Publish(string Path, string Data, HttpStatusCode? Status, long Started, long Finished, string? Failure);
}
