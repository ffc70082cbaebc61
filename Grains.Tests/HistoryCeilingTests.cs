using System.Globalization;
using Orleans.TestingHost;
using SseOrleans.Abstractions;
using SseOrleans.Grains.History;
using SseOrleans.TestSupport;

namespace SseOrleans.Grains.Tests;

/// <summary>The grain cluster with a small <c>Sse:History:MaxMemoryBytes</c> in its silo.</summary>
public sealed class HistoryCeilingFixture() : HostFixture<InProcessTestCluster>(() => ClusterFixture.StartAsync(1,
    new() { ["Sse:History:MaxMemoryBytes"] = Ceiling.ToString(CultureInfo.InvariantCulture) }, _ => { }))
{
    public const long Ceiling = 32 * 1024;
}

public sealed class HistoryCeilingTests(HistoryCeilingFixture fixture) : IClassFixture<HistoryCeilingFixture>
{
    private const int Namespaces = 60;
    private const int EventsEach = ClusterFixture.HistorySize;

    private readonly IClusterClient _client = fixture.Host.Client;

    [Fact]
    public async Task A_flood_of_large_events_into_many_namespaces_stays_under_the_ceiling_and_the_trims_are_announced()
    {
        // Each namespace alone keeps all it gets (5 events of 400 bytes are within its own bounds); together,
        // many times what the ceiling allows.
        var parent = "/flood-" + Guid.NewGuid().ToString("N")[..8];
        var data = new string('x', 400);
        var firstIds = new SseEventId[Namespaces];
        for (var n = 0; n < Namespaces; n++)
        {
            for (var i = 0; i < EventsEach; i++)
            {
                var id = await _client.PublishAsync($"{parent}/n{n}", data);
                if (i == 0)
                {
                    firstIds[n] = id;
                }
            }
        }

        long held = 0;
        var replays = new List<EventReplay>();
        foreach (var path in Enumerable.Range(0, Namespaces).Select(n => $"{parent}/n{n}").Append(parent).Append(NamespacePath.Root))
        {
            var replay = await FromStartAsync(path);
            replays.Add(replay);
            held += replay.Events.Sum(HistoryMemoryBudget.CostOf);
        }

        Assert.InRange(held, 1, 2 * HistoryCeilingFixture.Ceiling);

        // The least recently used went first: a client replaying the first namespace from its start is told
        // that events are gone; the last namespace written still has all of its own.
        Assert.Equal(ReplayCompleteness.Truncated, replays[0].Completeness);
        Assert.Equal(ReplayCompleteness.Truncated, (await _client.GetNamespace($"{parent}/n0").GetEventsAfter(firstIds[0], int.MaxValue)).Completeness);
        Assert.Equal(EventsEach, replays[Namespaces - 1].Events.Length);
        Assert.Equal(ReplayCompleteness.Complete, (await _client.GetNamespace($"{parent}/n{Namespaces - 1}").GetEventsAfter(firstIds[^1], int.MaxValue)).Completeness);
    }

    private async Task<EventReplay> FromStartAsync(string path)
    {
        var last = await _client.GetNamespace(path).GetLastEventId();
        return await _client.GetNamespace(path).GetEventsAfter(new SseEventId(last.Epoch, 0), int.MaxValue);
    }
}
