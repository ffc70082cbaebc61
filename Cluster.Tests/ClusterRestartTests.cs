using SseOrleans.Abstractions;
using SseOrleans.TestSupport;

namespace SseOrleans.Cluster.Tests;

/// <summary>
/// Every silo and every front-end dies at once (SIGKILL) and comes back; Redis keeps the histories, so a
/// reconnecting client's id is still known and continues in the same epoch.
/// </summary>
[Collection(RestartCollectionDefinition.Name)]
public sealed class ClusterRestartTests(SseClusterFixture fixture)
{
    private readonly SseCluster _cluster = fixture.Host;

    [Fact]
    public async Task After_the_whole_cluster_restarts_a_client_that_reconnects_with_its_last_id_gets_exactly_what_it_missed_in_the_same_epoch()
    {
        var parent = TestNamespace.Unique("/restart-");
        var leaf = parent + "/leaf";
        string lastId;
        await using (var before = await SseClient.OpenAsync(_cluster.Api1, "/subscribe" + parent))
        {
            for (var i = 0; i < 3; i++)
            {
                await _cluster.Api2.PublishAsync(leaf, $"seen-{i}");
            }

            var seen = await before.NextAsync(3);
            Assert.Equal(["seen-0", "seen-1", "seen-2"], seen.Select(e => e.Data));
            lastId = seen[^1].EventId!;
        }

        await _cluster.Api2.PublishAsync(leaf, "missed-before-restart");
        await _cluster.RestartAllAsync();
        await _cluster.Api1.PublishAsync(leaf, "missed-after-restart");

        using var response = await SseClient.SendAsync(_cluster.Api2, "/subscribe" + parent, lastEventId: lastId);
        var text = await StreamText.ReadUntilAsync(await response.Content.ReadAsStreamAsync(), "data: missed-after-restart");
        Assert.Contains($": replaying 2 events after {lastId}", text, StringComparison.Ordinal);

        await using var after = await SseClient.OpenAsync(_cluster.Api2, "/subscribe" + parent, lastEventId: lastId);
        await _cluster.Api1.PublishAsync(leaf, "live");
        var resumed = await after.NextAsync(3);
        Assert.Equal(["missed-before-restart", "missed-after-restart", "live"], resumed.Select(e => e.Data));
        Assert.True(SseEventId.TryParse(lastId, out var last));
        Assert.Equal(
            [last with { Sequence = last.Sequence + 1 }, last with { Sequence = last.Sequence + 2 }, last with { Sequence = last.Sequence + 3 }],
            resumed.Select(e => SseEventId.TryParse(e.EventId, out var id) ? id : default));
        Assert.Empty(after.DuplicateIds);
    }
}
