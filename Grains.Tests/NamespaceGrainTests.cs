using SseOrleans.Abstractions;
using SseOrleans.TestSupport;

namespace SseOrleans.Grains.Tests;

[Collection(ClusterCollectionDefinition.Name)]
public sealed class NamespaceGrainTests(ClusterFixture fixture)
{
    private readonly IClusterClient _client = fixture.Client;

    [Fact]
    public async Task Publish_delivers_on_the_namespace_and_every_subscribed_ancestor_each_with_its_own_sequence()
    {
        var prefix = Unique();
        await using var leaf = await StreamProbe.SubscribeAsync(_client, $"{prefix}/pets/dogs");
        await using var middle = await StreamProbe.SubscribeAsync(_client, $"{prefix}/pets");
        await using var top = await StreamProbe.SubscribeAsync(_client, prefix);
        await using var root = await StreamProbe.SubscribeAsync(_client, "/");

        await _client.PublishAsync($"{prefix}/pets", "warmup", "makes /pets's sequence differ from /pets/dogs's");
        var id = await _client.PublishAsync($"{prefix}/pets/dogs", "new-dog", "Corgi");

        var atLeaf = await leaf.NextAsync();
        Assert.Equal(id, atLeaf.Id);
        Assert.Equal(("new-dog", "Corgi", $"{prefix}/pets/dogs"), (atLeaf.Name, atLeaf.Data, atLeaf.Origin));

        var atMiddle = await middle.NextAsync(2);
        Assert.Equal(["warmup", "new-dog"], atMiddle.Select(e => e.Name));
        Assert.Equal(atMiddle[0].Id.Sequence + 1, atMiddle[1].Id.Sequence);
        Assert.NotEqual(id, atMiddle[1].Id);

        var atTop = await top.NextAsync(2);
        Assert.Equal([$"{prefix}/pets", $"{prefix}/pets/dogs"], atTop.Select(e => e.Origin));
        Assert.Equal("Corgi", (await root.NextFromAsync($"{prefix}/pets/dogs")).Data);
    }

    [Fact]
    public async Task Ids_increase_in_publish_order_and_events_arrive_in_that_order()
    {
        var path = Unique() + "/burst";
        await using var probe = await StreamProbe.SubscribeAsync(_client, path);
        await using var parentProbe = await StreamProbe.SubscribeAsync(_client, NamespacePath.GetParent(path)!);

        var ids = new List<SseEventId>();
        for (var i = 0; i < 200; i++)
        {
            ids.Add(await _client.PublishAsync(path, i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        Assert.Equal(ids.Order(), ids);
        Assert.Equal(200, ids.Distinct().Count());
        var received = await probe.NextAsync(200);
        Assert.Equal(ids, received.Select(e => e.Id));
        var copied = await parentProbe.NextAsync(200);
        Assert.Equal(Enumerable.Range(0, 200).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), copied.Select(e => e.Data));
    }

    [Fact]
    public async Task One_publishers_events_keep_their_order_in_every_enclosing_namespace_whatever_their_origin()
    {
        var prefix = Unique();
        await using var pets = await StreamProbe.SubscribeAsync(_client, $"{prefix}/pets");
        await using var top = await StreamProbe.SubscribeAsync(_client, prefix);
        string[] origins = [$"{prefix}/pets/dogs", $"{prefix}/pets", $"{prefix}/pets/cats/persian", $"{prefix}/pets/dogs", $"{prefix}/pets"];
        for (var i = 0; i < origins.Length; i++)
        {
            await _client.PublishAsync(origins[i], i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Equal(["0", "1", "2", "3", "4"], (await pets.NextAsync(5)).Select(e => e.Data));
        Assert.Equal(origins, (await top.NextAsync(5)).Select(e => e.Origin));
    }

    [Fact]
    public async Task A_namespace_does_not_receive_a_sibling_that_shares_its_prefix()
    {
        var prefix = Unique();
        await using var pets = await StreamProbe.SubscribeAsync(_client, $"{prefix}/pets");
        await _client.PublishAsync($"{prefix}/petsfoo", "not for /pets");
        await _client.PublishAsync($"{prefix}/Pets", "not for /pets either");
        await _client.PublishAsync($"{prefix}/pets", "for /pets");

        var first = await pets.NextAsync();
        Assert.Equal("for /pets", first.Data);
        Assert.False(pets.TryTakeAny(out _));
    }

    [Theory]
    [InlineData("bad\nname", "x")]
    [InlineData("bad\rname", "x")]
    [InlineData("bad\0name", "x")]
    public async Task Publishing_an_invalid_event_name_throws(string name, string data)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _client.PublishAsync(Unique(), name, data));
        Assert.Contains("CR, LF or NUL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publishing_data_over_the_configured_size_throws()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _client.PublishAsync(Unique(), new string('x', 1025)));
        Assert.Contains("larger than 1024 bytes", error.Message, StringComparison.Ordinal);
        await _client.PublishAsync(Unique(), new string('x', 1024));
    }

    [Fact]
    public async Task A_grain_keyed_by_a_path_that_is_not_normalized_refuses_to_activate()
    {
        var grain = _client.GetGrain<INamespaceGrain>(Unique() + "/trailing/");
        await Assert.ThrowsAsync<ArgumentException>(() => grain.Publish(new SseEvent(null, "x")));
    }

    [Fact]
    public async Task Subscriber_counts_add_up_over_front_ends_and_a_zero_report_withdraws_one()
    {
        var grain = _client.GetNamespace(Unique());
        var lease = TimeSpan.FromMinutes(1);

        await grain.ReportSubscribers("front-end-a", 3, lease);
        await grain.ReportSubscribers("front-end-b", 4, lease);
        Assert.Equal(7, await grain.GetSubscriberCount());

        await grain.ReportSubscribers("front-end-a", 5, lease);
        Assert.Equal(9, await grain.GetSubscriberCount());

        await grain.ReportSubscribers("front-end-b", 0, lease);
        Assert.Equal(5, await grain.GetSubscriberCount());
    }

    [Fact]
    public async Task The_newest_id_is_default_until_an_event_is_numbered_then_the_last_one_numbered()
    {
        var path = Unique() + "/newest";
        var grain = _client.GetNamespace(path);
        Assert.Equal(default, await grain.GetLastEventId());
        await grain.ReportSubscribers("front-end-a", 1, TimeSpan.FromMinutes(1));

        await _client.PublishAsync(path, "first");
        var second = await _client.PublishAsync(path + "/child", "second, copied");

        var newest = await grain.GetLastEventId();
        Assert.Equal(2, newest.Sequence);
        Assert.NotEqual(second, newest); // the child's id; the namespace has its own sequence
        Assert.Equal(newest, (await grain.GetEventsAfter(newest with { Sequence = 1 }, int.MaxValue)).Events.Single().Id);
    }

    [Fact]
    public async Task A_subscriber_report_answers_the_newest_id_so_a_renewal_reveals_missed_events()
    {
        var path = Unique();
        var grain = _client.GetNamespace(path);
        var lease = TimeSpan.FromMinutes(1);
        Assert.Equal(default, await grain.ReportSubscribers("front-end-a", 1, lease));

        var published = await _client.PublishAsync(path, "missed by a stream, say");

        Assert.Equal(published, await grain.ReportSubscribers("front-end-a", 1, lease));
        Assert.Equal(published, await grain.ReportSubscribers("front-end-a", 0, lease));
    }

    [Fact]
    public async Task Asking_a_namespace_that_holds_nothing_for_its_newest_id_leaves_no_activation_behind()
    {
        var grain = _client.GetNamespace(Unique());

        Assert.Equal(default, await grain.GetLastEventId());

        await AssertDeactivatesAsync(grain);
    }

    [Fact]
    public async Task A_replay_from_a_namespace_that_holds_nothing_leaves_no_activation_behind()
    {
        var grain = _client.GetNamespace(Unique());

        var replay = await grain.GetEventsAfter(new SseEventId(1, 1), int.MaxValue);

        Assert.Equal(ReplayCompleteness.UnknownId, replay.Completeness);
        await AssertDeactivatesAsync(grain);
    }

    [Fact]
    public async Task The_last_subscriber_leaving_a_namespace_that_holds_nothing_leaves_no_activation_behind()
    {
        var grain = _client.GetNamespace(Unique());
        await grain.ReportSubscribers("front-end-a", 2, TimeSpan.FromMinutes(1));
        Assert.True(await IsActiveAsync(grain));

        await grain.ReportSubscribers("front-end-a", 0, TimeSpan.FromMinutes(1));

        await AssertDeactivatesAsync(grain);
    }

    [Fact]
    public async Task A_namespace_that_numbered_events_stays_active_and_keeps_its_epoch()
    {
        var path = Unique();
        var first = await _client.PublishAsync(path, "kept");
        var grain = _client.GetNamespace(path);

        Assert.Equal(ReplayCompleteness.UnknownId, (await grain.GetEventsAfter(new SseEventId(1, 1), int.MaxValue)).Completeness);
        await grain.ReportSubscribers("front-end-a", 0, TimeSpan.FromMinutes(1));

        Assert.Equal(ReplayCompleteness.Complete, (await grain.GetEventsAfter(first, int.MaxValue)).Completeness);
        Assert.True(await IsActiveAsync(grain));
    }

    // Deactivation follows the call that asked for it; there is no event to await.
    private async Task AssertDeactivatesAsync(INamespaceGrain grain) => await Eventually.EqualAsync(false, () => IsActiveAsync(grain));

    private async Task<bool> IsActiveAsync(INamespaceGrain grain)
    {
        var statistics = await _client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        return statistics.Any(statistic => statistic.GrainId == grain.GetGrainId());
    }

    private static string Unique() => TestNamespace.Unique("/test-");
}
