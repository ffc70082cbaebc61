using System.Diagnostics;
using System.Globalization;
using SseOrleans.TestSupport;

namespace SseOrleans.Benchmarks.Chaos;

/// <summary>
/// <c>chaos</c>: a <see cref="ChaosCluster"/> under load for N minutes while one fault at a time, chosen at
/// random, hurts it: a silo or a front-end SIGKILLed and started again, or a silo, a front-end or Redis
/// paused (SIGSTOP) and resumed (SIGCONT). Subscribers (eight on each of five leaves and their parent) and a
/// paced publisher with <c>Idempotency-Key</c> retries go through the cluster's ingress, as in the suite's
/// rolling-restart test; at the end every subscriber must have every accepted event of its subtree exactly
/// once with ids in order (<see cref="DeliveryCheck"/>). Progress goes to stderr, one <c>CHAOS {json}</c>
/// line to stdout; the exit code is 0 only when nothing accepted was lost, repeated or out of order.
/// </summary>
internal static class ChaosCommand
{
    public const string Help = """
        usage: Benchmarks chaos [--minutes 10] [--rate 200] [--per-namespace 8] [--seed N]
                                [--hold 2..8] [--gap 4..12] [--retry-for 20]
          --minutes        how long faults are made while the publisher runs
          --rate           events/s, round-robin over the five leaves
          --per-namespace  subscribers on each of the five leaves and their parent
          --seed           the random choice of faults, for a run that can be repeated
          --hold           seconds a node stays killed or paused (uniform in the range)
          --gap            seconds between a fault's end and the next one (uniform in the range)
          --retry-for      seconds a publish is retried under its key before it counts as failed (within
                           Sse:PublishIdRetention less Sse:PublishRetryTimeout: 40 - 20 s by default)
        Runs the Silo and Api of this configuration's build output (Benchmarks/chaos.sh builds them).
        """;

    private const int Leaves = 5;
    private static readonly TimeSpan CatchUpBound = TimeSpan.FromMinutes(2);
    private static readonly string[] Kinds = ["kill silo", "kill front-end", "pause silo", "pause front-end", "pause redis"];

    public static async Task<int> RunAsync(string[] args)
    {
        if (args is ["--help"] or ["-h"])
        {
            Console.Error.WriteLine(Help);
            return 0;
        }

        Dictionary<string, string> options;
        try
        {
            options = Parse(args);
        }
        catch (ArgumentException exception)
        {
            Console.Error.WriteLine($"chaos: {exception.Message}{Environment.NewLine}{Help}");
            return 2;
        }

        var minutes = Number(options, "minutes", 10);
        var rate = Number(options, "rate", 200);
        var perNamespace = (int)Number(options, "per-namespace", 8);
        var seed = options.TryGetValue("seed", out var s) ? int.Parse(s, CultureInfo.InvariantCulture) : Random.Shared.Next();
        var (holdMin, holdMax) = Range(options, "hold", 2, 8);
        var (gapMin, gapMax) = Range(options, "gap", 4, 12);
        var retryFor = TimeSpan.FromSeconds(Number(options, "retry-for", 20));
        var random = new Random(seed);
        var load = new List<double> { LoadAverage() };

        await using var cluster = await ChaosCluster.StartAsync();
        Progress($"cluster up ({cluster}), ingress {cluster.Address}, seed {seed}");
        using var subscribe = new HttpClient { BaseAddress = cluster.Address, Timeout = TimeSpan.FromSeconds(30) };
        using var publish = PacedPublisher.Client(cluster.Address);
        var parent = TestNamespace.Unique("/chaos-");
        var leaves = Enumerable.Range(0, Leaves).Select(i => $"{parent}/n{i}").ToArray();
        var publisher = new PacedPublisher(publish, leaves, rate, retryFor);
        var subscribers = new List<RecordingSubscriber>();
        try
        {
            foreach (var path in leaves.Append(parent))
            {
                for (var i = 0; i < perNamespace; i++)
                {
                    subscribers.Add(await RecordingSubscriber.OpenAsync(path, [subscribe]));
                }
            }

            foreach (var leaf in leaves)
            {
                await publisher.PublishAsync(leaf);
            }

            using var stop = new CancellationTokenSource();
            var publishing = publisher.RunAsync(stop.Token);
            var start = Stopwatch.GetTimestamp();
            var faults = new Dictionary<string, int>(StringComparer.Ordinal);
            var selfRestarts = 0;
            while (Stopwatch.GetElapsedTime(start) < TimeSpan.FromMinutes(minutes))
            {
                await Task.Delay(TimeSpan.FromSeconds(gapMin + random.NextDouble() * (gapMax - gapMin)));
                var kind = Kinds[random.Next(Kinds.Length)];
                var node = kind.EndsWith("silo", StringComparison.Ordinal) ? random.Next(2) : 2 + random.Next(2);
                var hold = TimeSpan.FromSeconds(holdMin + random.NextDouble() * (holdMax - holdMin));
                Progress($"{Stopwatch.GetElapsedTime(start).TotalSeconds,6:F1} s: {kind}{(kind == "pause redis" ? "" : " " + ChaosCluster.Names[node])} for {hold.TotalSeconds:F1} s; {publisher.Outcomes.Count} published");
                faults[kind] = faults.GetValueOrDefault(kind) + 1;
                await FaultAsync(cluster, kind, node, hold);

                // A silo declared dead while it was paused ends itself when it resumes: an orchestrator starts it again.
                foreach (var down in cluster.Down().ToArray())
                {
                    Progress($"{ChaosCluster.Names[down]} is down: starting it again");
                    selfRestarts++;
                    await cluster.RestartAsync(down);
                }

                load.Add(LoadAverage());
            }

            await stop.CancelAsync();
            await publishing;
            Progress($"publishing stopped; waiting up to {CatchUpBound.TotalSeconds} s for every subscriber");
            var lastPublish = Stopwatch.GetTimestamp();
            var complete = await DeliveryCheck.WaitForAllAsync(subscribers, publisher.Outcomes, CatchUpBound);
            var report = DeliveryCheck.Check(subscribers, publisher.Outcomes);
            load.Add(LoadAverage());
            var failures = publisher.Outcomes.Where(o => !o.Accepted)
                .GroupBy(o => o.Status is { } status ? ((int)status).ToString(CultureInfo.InvariantCulture) : o.Failure)
                .Select(g => $"\"{g.Key}\": {g.Count()}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"CHAOS {{\"minutes\": {minutes}, \"rate\": {rate}, \"seed\": {seed}, \"subscribers\": {subscribers.Count}, " +
                $"\"faults\": {{{string.Join(", ", faults.Select(f => $"\"{f.Key}\": {f.Value}"))}}}, \"self_restarts\": {selfRestarts}, " +
                $"\"published\": {publisher.Outcomes.Count}, {report}, \"failures\": {{{string.Join(", ", failures)}}}, " +
                $"\"retried\": {publisher.Outcomes.Count(o => o.Attempts > 1)}, \"reconnects\": {subscribers.Sum(r => r.Reconnects)}, \"unrouted\": {cluster.Unrouted}, " +
                $"\"complete_after_last_publish_s\": {(complete is { } done ? Stopwatch.GetElapsedTime(lastPublish, done).TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) : "null")}, " +
                $"\"loadavg1_mean\": {load.Average():F1}, \"loadavg1_max\": {load.Max():F1}}}"));
            foreach (var problem in report.Problems)
            {
                Progress(problem);
            }

            return report.Clean ? 0 : 1;
        }
        finally
        {
            await Task.WhenAll(subscribers.Select(r => r.DisposeAsync().AsTask()));
        }
    }

    private static async Task FaultAsync(ChaosCluster cluster, string kind, int node, TimeSpan hold)
    {
        switch (kind)
        {
            case "kill silo" or "kill front-end":
                cluster.Kill(node);
                await Task.Delay(hold);
                await cluster.RestartAsync(node);
                break;
            case "pause redis":
                cluster.PauseRedis();
                await Task.Delay(hold);
                cluster.ResumeRedis();
                break;
            default:
                cluster.Pause(node);
                await Task.Delay(hold);
                cluster.Resume(node);
                break;
        }
    }

    private static Dictionary<string, string> Parse(string[] args)
    {
        string[] known = ["minutes", "rate", "per-namespace", "seed", "hold", "gap", "retry-for"];
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            var name = args[i].StartsWith("--", StringComparison.Ordinal) ? args[i][2..] : "";
            if (!known.Contains(name) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"unknown option or missing value: {args[i]}");
            }

            options[name] = args[i + 1];
        }

        return options;
    }

    private static double Number(Dictionary<string, string> options, string name, double fallback) =>
        options.TryGetValue(name, out var text) ? double.Parse(text, CultureInfo.InvariantCulture) : fallback;

    private static (double Min, double Max) Range(Dictionary<string, string> options, string name, double min, double max)
    {
        if (!options.TryGetValue(name, out var text))
        {
            return (min, max);
        }

        var parts = text.Split("..");
        return (double.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[^1], CultureInfo.InvariantCulture));
    }

    private static double LoadAverage() =>
        double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);

    private static void Progress(string line) => Console.Error.WriteLine($"chaos: {line}");
}
