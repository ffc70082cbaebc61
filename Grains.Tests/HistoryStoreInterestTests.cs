using Microsoft.Extensions.Time.Testing;
using SseOrleans.Abstractions;
using SseOrleans.Grains.History;

namespace SseOrleans.Grains.Tests;

/// <summary>
/// Interest, as both history stores keep it, on a clock the tests move: an ancestor takes copies of what is
/// published below it only from someone's subscription on, keeps taking them for the history's age after, and
/// replays exactly what it took; a namespace's stream is live only while someone subscribes.
/// </summary>
[Collection(RedisClusterCollectionDefinition.Name)]
public sealed class HistoryStoreInterestTests(RedisClusterFixture fixture)
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    [Theory]
    [InlineData(SseHistoryOptions.Memory)]
    [InlineData(SseHistoryOptions.Redis)]
    public async Task An_ancestor_takes_copies_from_its_first_subscriber_on_and_only_its_live_streams_get_items(string provider)
    {
        var store = Store(provider);
        var before = await store.AppendAsync([Publish("/p/c", "before")]);
        Assert.Equal(["/p/c"], before.Namespaces.Select(n => n.Path));
        Assert.Equal(default, await store.ReadLastIdAsync("/p"));

        Assert.Equal(default, await store.ReportInterestAsync("/p", _time.GetUtcNow().AddMinutes(1), _time.GetUtcNow().AddMinutes(2)));
        var after = await store.AppendAsync([Publish("/p/c", "after"), Publish("/p", "own")]);

        Assert.Equal([("/p/c", false, 1), ("/p", true, 2)], after.Namespaces.Select(n => (n.Path, n.Live, n.Events.Length)));
        var atParent = await store.ReadAfterAsync("/p", default, int.MaxValue);
        Assert.Equal([("after", "/p/c"), ("own", "/p")], atParent.Events.Select(e => (e.Data, e.Origin)));
        Assert.Equal(after.Ids[1], atParent.Events[1].Id);
        Assert.Equal(atParent.Events[1].Id, await store.ReportInterestAsync("/p", _time.GetUtcNow().AddMinutes(1), _time.GetUtcNow().AddMinutes(2)));
    }

    [Theory]
    [InlineData(SseHistoryOptions.Memory)]
    [InlineData(SseHistoryOptions.Redis)]
    public async Task An_ancestor_whose_interest_lapsed_takes_no_copy_and_still_replays_exactly_what_it_took(string provider)
    {
        var store = Store(provider);
        await store.ReportInterestAsync("/q", _time.GetUtcNow().AddMinutes(1), _time.GetUtcNow().AddMinutes(3));
        await store.AppendAsync([Publish("/q/a", "a"), Publish("/q/b", "b")]);
        var given = (await store.ReadAfterAsync("/q", default, int.MaxValue)).Events[0].Id;

        // Live no more (no stream item), still kept (copies taken, for a subscriber that replays).
        _time.Advance(TimeSpan.FromMinutes(2));
        var quiet = await store.AppendAsync([Publish("/q/a", "c")]);
        Assert.Equal([("/q/a", false), ("/q", false)], quiet.Namespaces.Select(n => (n.Path, n.Live)));

        _time.Advance(TimeSpan.FromMinutes(2));
        var lapsed = await store.AppendAsync([Publish("/q/a", "d")]);

        Assert.Equal(["/q/a"], lapsed.Namespaces.Select(n => n.Path));
        var replay = await store.ReadAfterAsync("/q", given, int.MaxValue);
        Assert.Equal(ReplayCompleteness.Complete, replay.Completeness);
        Assert.Equal(["b", "c"], replay.Events.Select(e => e.Data));
    }

    [Theory]
    [InlineData(SseHistoryOptions.Memory)]
    [InlineData(SseHistoryOptions.Redis)]
    public async Task Interest_is_never_lowered_by_a_shorter_report(string provider)
    {
        var store = Store(provider);
        await store.ReportInterestAsync("/r", _time.GetUtcNow().AddMinutes(10), _time.GetUtcNow().AddMinutes(20));
        await store.ReportInterestAsync("/r", _time.GetUtcNow().AddMinutes(1), _time.GetUtcNow().AddMinutes(2));
        _time.Advance(TimeSpan.FromMinutes(5));

        var appended = await store.AppendAsync([Publish("/r/x", "x")]);

        Assert.Equal([("/r/x", false), ("/r", true)], appended.Namespaces.Select(n => (n.Path, n.Live)));
    }

    [Theory]
    [InlineData(SseHistoryOptions.Memory)]
    [InlineData(SseHistoryOptions.Redis)]
    public async Task Positions_order_publishes_across_namespaces_as_the_store_took_them(string provider)
    {
        var store = Store(provider);
        var first = await store.AppendAsync([Publish("/s1", "a"), Publish("/s2", "b")]);
        var second = await store.AppendAsync([Publish("/s1", "c")]);

        var positions = first.Namespaces.Concat(second.Namespaces).SelectMany(n => n.Events).OrderBy(e => e.Data, StringComparer.Ordinal).Select(e => e.Position).ToArray();
        Assert.Equal(3, positions.Length);
        Assert.True(positions[0] > 0 && positions[0] < positions[1] && positions[1] < positions[2], string.Join(",", positions));
        Assert.Equal(positions[2], (await store.ReadAfterAsync("/s1", default, int.MaxValue)).Events[^1].Position);
    }

    private IHistoryStore Store(string provider) => HistoryStores.Create(provider, fixture.Host.Redis, _time, "interest-");

    private static PublishRequest Publish(string path, string data) => new(path, null, data, Guid.NewGuid());
}
