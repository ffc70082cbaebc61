using SseOrleans.Abstractions;
using SseOrleans.TestSupport;

namespace SseOrleans.Grains.Tests;

[Collection(ClusterCollectionDefinition.Name)]
public sealed class ReplayTests(ClusterFixture fixture)
{
    private readonly IClusterClient _client = fixture.Client;

    [Fact]
    public async Task The_history_keeps_only_the_newest_events_whose_data_fits_its_byte_bound()
    {
        var path = Unique();
        var data = new string('d', 1000);
        var ids = new List<SseEventId>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await _client.PublishAsync(path, data));
        }

        var fromStart = await _client.GetNamespace(path).GetEventsAfter(new SseEventId(ids[0].Epoch, 0), int.MaxValue);
        var afterFirst = await _client.GetNamespace(path).GetEventsAfter(ids[0], int.MaxValue);

        // 2,048 bytes hold two of the three 1,000-byte events (the count bound, 5, would hold all three).
        Assert.Equal(ids[1..], fromStart.Events.Select(e => e.Id));
        Assert.Equal(ReplayCompleteness.Truncated, fromStart.Completeness);
        Assert.Equal(ReplayCompleteness.Complete, afterFirst.Completeness);
    }

    [Fact]
    public async Task After_a_retained_id_exactly_the_later_events_are_replayed()
    {
        var path = Unique();
        var ids = await _client.PublishNumberedAsync(path, 4);

        var replay = await _client.GetNamespace(path).GetEventsAfter(ids[1], int.MaxValue);

        Assert.Equal(ReplayCompleteness.Complete, replay.Completeness);
        Assert.Equal(ids[2..], replay.Events.Select(e => e.Id));
        Assert.Equal(["2", "3"], replay.Events.Select(e => e.Data));
    }

    [Fact]
    public async Task After_the_newest_id_nothing_is_replayed_and_nothing_was_missed()
    {
        var path = Unique();
        var ids = await _client.PublishNumberedAsync(path, 2);
        var replay = await _client.GetNamespace(path).GetEventsAfter(ids[^1], int.MaxValue);
        Assert.Equal(ReplayCompleteness.Complete, replay.Completeness);
        Assert.Empty(replay.Events);
    }

    [Fact]
    public async Task After_the_event_just_before_the_oldest_retained_the_replay_is_still_complete()
    {
        var path = Unique();
        var ids = await _client.PublishNumberedAsync(path, ClusterFixture.HistorySize + 1);
        var replay = await _client.GetNamespace(path).GetEventsAfter(ids[0], int.MaxValue);
        Assert.Equal(ReplayCompleteness.Complete, replay.Completeness);
        Assert.Equal(ids[1..], replay.Events.Select(e => e.Id));
    }

    [Fact]
    public async Task An_id_older_than_the_history_replays_what_is_retained_and_says_it_is_truncated()
    {
        var path = Unique();
        var ids = await _client.PublishNumberedAsync(path, ClusterFixture.HistorySize + 3);
        var replay = await _client.GetNamespace(path).GetEventsAfter(ids[0], int.MaxValue);
        Assert.Equal(ReplayCompleteness.Truncated, replay.Completeness);
        Assert.Equal(ids[^ClusterFixture.HistorySize..], replay.Events.Select(e => e.Id));
    }

    [Fact]
    public async Task An_id_of_another_epoch_or_from_the_future_is_unknown_and_everything_retained_is_replayed()
    {
        var path = Unique();
        var ids = await _client.PublishNumberedAsync(path, 2);
        var grain = _client.GetNamespace(path);

        var foreign = await grain.GetEventsAfter(new SseEventId(ids[0].Epoch - 1, 1), int.MaxValue);
        Assert.Equal((ReplayCompleteness.UnknownId, 2), (foreign.Completeness, foreign.Events.Length));

        var future = await grain.GetEventsAfter(ids[^1] with { Sequence = ids[^1].Sequence + 5 }, int.MaxValue);
        Assert.Equal((ReplayCompleteness.UnknownId, 2), (future.Completeness, future.Events.Length));
    }

    [Fact]
    public async Task A_reactivated_namespace_continues_its_sequence_since_the_memory_history_is_the_silo_s()
    {
        var path = Unique();
        var grain = _client.GetNamespace(path);
        var before = await _client.PublishNumberedAsync(path, 3);

        await fixture.Host.DeactivateAsync(grain);
        var after = await _client.PublishNumberedAsync(path, 2);

        Assert.Equal(before[^1] with { Sequence = before[^1].Sequence + 1 }, after[0]);
        var replay = await grain.GetEventsAfter(before[^1], int.MaxValue);
        Assert.Equal(ReplayCompleteness.Complete, replay.Completeness);
        Assert.Equal(after, replay.Events.Select(e => e.Id));
    }

    [Fact]
    public async Task A_replay_comes_in_pages_of_bounded_size_that_together_are_every_retained_event_once()
    {
        var path = Unique();
        var ids = await _client.PublishNumberedAsync(path, ClusterFixture.HistorySize);
        var grain = _client.GetNamespace(path);

        // Each event's data is one character: pages of two.
        var first = await grain.GetEventsAfter(ids[0], 2);
        Assert.Equal((ReplayCompleteness.Complete, ids.Length - 1), (first.Completeness, first.Remaining));
        Assert.Equal(ids[1..3], first.Events.Select(e => e.Id));

        var pages = new List<SseEventId>(first.Events.Select(e => e.Id));
        while (pages.Count < first.Remaining)
        {
            var page = await grain.GetEventsAfter(pages[^1], 2);
            Assert.NotEmpty(page.Events);
            pages.AddRange(page.Events.Select(e => e.Id));
        }

        Assert.Equal(ids[1..], pages);
    }

    [Fact]
    public async Task A_page_always_holds_at_least_one_event_however_small_the_bound()
    {
        var path = Unique();
        var ids = await _client.PublishNumberedAsync(path, 3);
        var page = await _client.GetNamespace(path).GetEventsAfter(ids[0], 0);
        Assert.Equal([ids[1]], page.Events.Select(e => e.Id));
        Assert.Equal(2, page.Remaining);
    }

    private static string Unique() => TestNamespace.Unique("/replay-");
}
