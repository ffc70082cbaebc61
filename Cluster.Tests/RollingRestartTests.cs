using System.Diagnostics;
using System.Globalization;
using SseOrleans.TestSupport;
using Xunit.Abstractions;

namespace SseOrleans.Cluster.Tests;

/// <summary>
/// The rolling restart of issue 19 through a load balancer: 48 subscribers (8 on each of five leaf namespaces
/// and their parent) and a publisher at 200 events/s with <c>Idempotency-Key</c> retries, all through a
/// round-robin <see cref="TcpIngress"/> that skips a front-end which refuses connections; each process is
/// SIGKILLed in turn (front-end 1, front-end 2, then the silo that hosts the namespaces, then the other),
/// down 6 s and started again, 12 s apart; the namespaces are chosen on one silo, so they move to the other
/// when it dies, and each silo must host some of them when it is killed (the figures say how many).
/// Every subscriber, reconnecting with its last id whenever its connection dies, must get every accepted
/// event exactly once with ids that follow each other, and publishes must have been accepted while each
/// process was down. The figures go to the test output as one <c>ROLLING {...}</c> line.
/// </summary>
[Collection(RollingRestartCollectionDefinition.Name)]
public sealed class RollingRestartTests(SseClusterFixture fixture, ITestOutputHelper output)
{
    private const int Leaves = 5;
    private const int PerNamespace = 8;
    private const double Rate = 200;
    private static readonly TimeSpan FirstKillAfter = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Down = TimeSpan.FromSeconds(6);
    private static readonly TimeSpan Apart = TimeSpan.FromSeconds(12);

    // A publish whose front-end or silo died under it is retried under its key for this long: longer than
    // a silo takes to be declared dead (two missed 1 s probes) and its namespaces to move.
    private static readonly TimeSpan RetryFor = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan CatchUpBound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Killing_and_restarting_each_front_end_and_silo_in_turn_behind_an_ingress_loses_repeats_and_skips_no_accepted_event()
    {
        var cluster = fixture.Host;
        // Every namespace starts on one silo, killed first, so that its kill moves them to the other, whose kill
        // moves them back. Which silo is Orleans' choice (its default placement favours the less loaded one),
        // so the first namespace's silo is the one they all start on.
        var top = TestNamespace.Unique("/rolling-");
        var parent = top + "/p";
        var placed = await cluster.SiloOfAsync(parent);
        var leaves = new string[Leaves];
        for (var i = 0; i < Leaves; i++)
        {
            leaves[i] = await cluster.NamespaceOnAsync(placed, j => $"{parent}/n{i}-{j}");
        }

        ClusterNode[] order = [ClusterNode.FrontEnd1, ClusterNode.FrontEnd2, placed, placed == ClusterNode.Silo1 ? ClusterNode.Silo2 : ClusterNode.Silo1];

        await using var ingress = TcpIngress.Start(cluster.FrontEnd1.BaseAddress!, cluster.FrontEnd2.BaseAddress!);
        using var subscribe = LoopbackHttp.Client(ingress.Address);
        using var publish = PacedPublisher.Client(ingress.Address);
        var publisher = new PacedPublisher(publish, leaves, Rate, RetryFor);
        var subscribers = new List<RecordingSubscriber>();
        try
        {
            foreach (var path in leaves.Append(parent))
            {
                for (var i = 0; i < PerNamespace; i++)
                {
                    subscribers.Add(await RecordingSubscriber.OpenAsync(path, [subscribe]));
                }
            }

            // One event per leaf first, so that every subscriber has an id to reconnect from.
            foreach (var leaf in leaves)
            {
                Assert.True((await publisher.PublishAsync(leaf)).Accepted);
            }

            Assert.NotNull(await DeliveryCheck.WaitForAllAsync(subscribers, publisher.Outcomes, CatchUpBound));

            using var stop = new CancellationTokenSource();
            var publishing = publisher.RunAsync(stop.Token);
            await Task.Delay(FirstKillAfter);
            var downtimes = new List<(ClusterNode Node, long Killed, long Back)>();
            var hostedByKilledSilo = new List<string>();
            foreach (var node in order)
            {
                if (node is ClusterNode.Silo1 or ClusterNode.Silo2)
                {
                    var hosted = 0;
                    foreach (var path in leaves.Append(parent))
                    {
                        hosted += await cluster.SiloOfAsync(path) == node ? 1 : 0;
                    }

                    Assert.True(hosted > 0, $"{node} hosts none of the namespaces when it is killed");
                    hostedByKilledSilo.Add($"\"{node}\": {hosted}");
                }

                var killed = Stopwatch.GetTimestamp();
                cluster.Kill(node);
                await Task.Delay(Down);
                await cluster.RestartAsync(node);
                downtimes.Add((node, killed, Stopwatch.GetTimestamp()));
                ingress.SetBackend(0, cluster.FrontEnd1.BaseAddress!);
                ingress.SetBackend(1, cluster.FrontEnd2.BaseAddress!);
                var rest = Apart - Stopwatch.GetElapsedTime(killed);
                if (rest > TimeSpan.Zero)
                {
                    await Task.Delay(rest);
                }
            }

            await stop.CancelAsync();
            await publishing;
            var lastPublish = Stopwatch.GetTimestamp();
            var complete = await DeliveryCheck.WaitForAllAsync(subscribers, publisher.Outcomes, CatchUpBound);
            var report = DeliveryCheck.Check(subscribers, publisher.Outcomes);

            // Publishes first tried while each process was down (killed, and not yet healthy again) that were accepted.
            var acceptedWhileDown = downtimes
                .Select(d => publisher.Outcomes.Count(o => o.Accepted && o.Started > d.Killed && o.Started < d.Back))
                .ToArray();
            var failures = publisher.Outcomes.Where(o => !o.Accepted)
                .GroupBy(o => o.Status is { } status ? ((int)status).ToString(CultureInfo.InvariantCulture) : o.Failure)
                .Select(g => $"\"{g.Key}\": {g.Count()}");
            var line = string.Create(CultureInfo.InvariantCulture,
                $"ROLLING {{\"rate\": {Rate}, \"subscribers\": {subscribers.Count}, {report}, \"failures\": {{{string.Join(", ", failures)}}}, " +
                $"\"retried\": {publisher.Outcomes.Count(o => o.Attempts > 1)}, \"reconnects\": {subscribers.Sum(s => s.Reconnects)}, \"unrouted\": {ingress.Unrouted}, " +
                $"\"namespaces_on_killed_silo\": {{{string.Join(", ", hostedByKilledSilo)}}}, \"accepted_while_down\": {{{string.Join(", ", downtimes.Select((d, i) => $"\"{d.Node}\": {acceptedWhileDown[i]}"))}}}, " +
                $"\"down_s\": [{string.Join(", ", downtimes.Select(d => Stopwatch.GetElapsedTime(d.Killed, d.Back).TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)))}], " +
                $"\"complete_after_last_publish_s\": {(complete is { } done ? Stopwatch.GetElapsedTime(lastPublish, done).TotalSeconds.ToString("F2", CultureInfo.InvariantCulture) : "null")}}}");
            output.WriteLine(line);
            foreach (var problem in report.Problems)
            {
                output.WriteLine(problem);
            }

            Assert.True(report.Clean, $"{line}{Environment.NewLine}{string.Join(Environment.NewLine, report.Problems)}{Environment.NewLine}{cluster.RecentOutput()}");
            Assert.All(acceptedWhileDown, accepted => Assert.True(accepted > 0, line));
        }
        finally
        {
            await Task.WhenAll(subscribers.Select(s => s.DisposeAsync().AsTask()));
        }
    }
}
