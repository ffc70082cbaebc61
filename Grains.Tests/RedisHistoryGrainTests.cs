using SseOrleans.Abstractions;

namespace SseOrleans.Grains.Tests;

/// <summary>Namespace grains with their histories in Redis: what survives an activation, and what Redis failing does.</summary>
[Collection(RedisClusterCollectionDefinition.Name)]
public sealed class RedisHistoryGrainTests(RedisClusterFixture fixture)
{
    private readonly IClusterClient _client = fixture.Client;

    [Fact]
    public async Task A_reactivated_namespace_continues_its_epoch_and_sequence_and_replays_exactly_what_was_missed()
    {
        var path = Unique();
        var grain = _client.GetNamespace(path);
        var before = await PublishAsync(path, 3);

        await fixture.Host.Cluster.DeactivateAsync(grain);
        var after = await PublishAsync(path, 2);

        Assert.Equal(before[0].Epoch, after[0].Epoch);
        Assert.Equal(before[^1].Sequence + 1, after[0].Sequence);
        var replay = await grain.GetEventsAfter(before[0], int.MaxValue);
        Assert.Equal(ReplayCompleteness.Complete, replay.Completeness);
        Assert.Equal([.. before[1..], .. after], replay.Events.Select(e => e.Id));
    }

    [Fact]
    public async Task A_namespace_moved_to_the_other_silo_continues_its_sequence_there()
    {
        var path = Unique();
        var grain = _client.GetNamespace(path);
        var first = await grain.Publish(new SseEvent(null, "a"));
        var management = _client.GetGrain<IManagementGrain>(0);
        var before = await management.GetActivationAddress(grain);
        var other = fixture.Host.Cluster.Silos.Select(silo => silo.SiloAddress).Single(silo => !silo.Equals(before));

        // Moved, not only deactivated: the next publish is batched and appended by the other silo.
        await fixture.Host.Cluster.MigrateAsync(grain, other);
        var second = await grain.Publish(new SseEvent(null, "b"));

        Assert.Equal(other, await management.GetActivationAddress(grain));
        Assert.Equal(first with { Sequence = first.Sequence + 1 }, second);
        Assert.Equal(["a", "b"], (await grain.GetEventsAfter(default, int.MaxValue)).Events.Select(e => e.Data));
    }

    [Fact]
    public async Task A_publish_id_is_remembered_across_a_reactivation()
    {
        var path = Unique();
        var grain = _client.GetNamespace(path);
        var publishId = Guid.NewGuid();
        var first = await grain.Publish(new SseEvent(null, "x"), publishId);

        await fixture.Host.Cluster.DeactivateAsync(grain);

        Assert.Equal(first, await grain.Publish(new SseEvent(null, "x"), publishId));
        Assert.Single((await grain.GetEventsAfter(default, int.MaxValue)).Events);
    }

    [Fact]
    public async Task While_Redis_refuses_writes_a_publish_fails_and_numbers_nothing()
    {
        var path = Unique();
        var first = await _client.PublishAsync(path, "before");
        var server = fixture.Host.Redis.GetServer(fixture.Host.Redis.GetEndPoints()[0]);

        await server.ConfigSetAsync("maxmemory", "1");
        try
        {
            await Assert.ThrowsAsync<HistoryUnavailableException>(() => _client.PublishAsync(path, "refused"));
        }
        finally
        {
            await server.ConfigSetAsync("maxmemory", "0");
        }

        var next = await _client.PublishAsync(path, "after");
        Assert.Equal(first with { Sequence = first.Sequence + 1 }, next);
        Assert.Equal(["before", "after"], (await _client.GetNamespace(path).GetEventsAfter(default, int.MaxValue)).Events.Select(e => e.Data));
    }

    [Fact]
    public async Task A_write_that_timed_out_but_ran_later_is_neither_lost_nor_repeated_when_the_publish_is_retried()
    {
        var parent = Unique();
        var path = parent + "/slow";
        var grain = _client.GetNamespace(path);
        await _client.GetNamespace(parent).ReportSubscribers("front-end-a", 1, TimeSpan.FromMinutes(10));
        var first = await grain.Publish(new SseEvent(null, "before"), Guid.NewGuid());
        var publishId = Guid.NewGuid();

        fixture.Host.Server.Pause();
        try
        {
            await Assert.ThrowsAsync<HistoryUnavailableException>(() => grain.Publish(new SseEvent(null, "late"), publishId));
        }
        finally
        {
            // The script that timed out reaches Redis now (or never, if the connection was dropped).
            fixture.Host.Server.Resume();
        }

        var retried = await grain.Publish(new SseEvent(null, "late"), publishId);

        Assert.Equal(first with { Sequence = first.Sequence + 1 }, retried);
        Assert.Equal(["before", "late"], (await grain.GetEventsAfter(default, int.MaxValue)).Events.Select(e => e.Data));
        Assert.Equal(["before", "late"], (await _client.GetNamespace(parent).GetEventsAfter(default, int.MaxValue)).Events.Select(e => e.Data));
    }

    private async Task<SseEventId[]> PublishAsync(string path, int count)
    {
        var ids = new SseEventId[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = await _client.PublishAsync(path, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return ids;
    }

    private static string Unique() => "/redis-" + Guid.NewGuid().ToString("N")[..12];
}
