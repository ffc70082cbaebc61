using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Orleans.Configuration;
using SseOrleans.Abstractions;
using SseOrleans.Grains.History;
using StackExchange.Redis;

namespace SseOrleans.Grains.Tests;

/// <summary>The Redis history store on its own, on a clock the tests move: bounds, epochs, two silos, keys.</summary>
[Collection(RedisClusterCollectionDefinition.Name)]
public sealed class RedisHistoryStoreTests(RedisClusterFixture fixture)
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly string _serviceId = "history-tests-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Events_older_than_the_age_bound_are_neither_replayed_nor_kept()
    {
        var store = Store(new SseOptions { HistoryMaxAge = TimeSpan.FromMinutes(1) });
        var old = await AppendAsync(store, "/aged", "old-1", "old-2");
        _time.Advance(TimeSpan.FromSeconds(40));
        var recent = await AppendAsync(store, "/aged", "recent");
        _time.Advance(TimeSpan.FromSeconds(30));

        var replay = await store.ReadAfterAsync("/aged", old[0], int.MaxValue);
        Assert.Equal(ReplayCompleteness.Truncated, replay.Completeness);
        Assert.Equal(recent, replay.Events.Select(e => e.Id));

        await AppendAsync(store, "/aged", "newest");
        Assert.Equal(2, await Db.StreamLengthAsync(Key("/aged", "s")));
    }

    [Fact]
    public async Task The_count_and_byte_bounds_keep_the_newest_and_a_replay_from_before_them_says_truncated()
    {
        var store = Store(new SseOptions { HistorySize = 3, MaxMessageBytes = 8, HistoryMaxBytes = 9 });
        var ids = await AppendAsync(store, "/bounded", "a", "b", "c", "d");
        Assert.Equal(ids[1..], (await store.ReadAfterAsync("/bounded", ids[0], int.MaxValue)).Events.Select(e => e.Id));
        Assert.Equal(ReplayCompleteness.Complete, (await store.ReadAfterAsync("/bounded", ids[0], int.MaxValue)).Completeness);

        var large = await AppendAsync(store, "/bounded", "12345", "\u00e9\u00e9");
        var replay = await store.ReadAfterAsync("/bounded", ids[0], int.MaxValue);
        Assert.Equal(ReplayCompleteness.Truncated, replay.Completeness);
        Assert.Equal(large, replay.Events.Select(e => e.Id));
        Assert.Equal("9", (string?)await Db.HashGetAsync(Key("/bounded", "m"), "b"));
    }

    [Fact]
    public async Task Pages_are_bounded_by_bytes_and_count_what_follows_them()
    {
        var store = Store(new SseOptions());
        var ids = await AppendAsync(store, "/paged", "aa", "bb", "cc", "dd");

        var first = await store.ReadAfterAsync("/paged", ids[0], 4);
        Assert.Equal((ReplayCompleteness.Complete, 3), (first.Completeness, first.Remaining));
        Assert.Equal(ids[1..3], first.Events.Select(e => e.Id));
        var tiny = await store.ReadAfterAsync("/paged", ids[0], 0);
        Assert.Equal([ids[1]], tiny.Events.Select(e => e.Id));
        var rest = await store.ReadAfterAsync("/paged", ids[2], 4);
        Assert.Equal([ids[3]], rest.Events.Select(e => e.Id));
        Assert.Empty((await store.ReadAfterAsync("/paged", ids[3], 4)).Events);
    }

    [Fact]
    public async Task Two_silos_appending_to_one_namespace_continue_one_sequence()
    {
        var one = Store(new SseOptions());
        var other = Store(new SseOptions());

        var a = await AppendAsync(one, "/twice", "a");
        var b = await AppendAsync(other, "/twice", "b");
        var c = await AppendAsync(one, "/twice", "c");

        Assert.Equal([a[0].Sequence, a[0].Sequence + 1, a[0].Sequence + 2], new[] { a[0], b[0], c[0] }.Select(id => id.Sequence));
        Assert.Equal(["a", "b", "c"], (await other.ReadAfterAsync("/twice", default, int.MaxValue)).Events.Select(e => e.Data));
    }

    [Fact]
    public async Task A_namespace_whose_keys_were_lost_starts_a_newer_epoch_and_older_ids_are_unknown()
    {
        var store = Store(new SseOptions());
        var before = await AppendAsync(store, "/lost", "a");
        await Db.KeyDeleteAsync([Key("/lost", "m"), Key("/lost", "s")]);
        _time.Advance(TimeSpan.FromMilliseconds(5));

        var after = await AppendAsync(store, "/lost", "b");

        Assert.True(after[0].Epoch > before[0].Epoch);
        Assert.Equal(1, after[0].Sequence);
        var replay = await store.ReadAfterAsync("/lost", before[0], int.MaxValue);
        Assert.Equal((ReplayCompleteness.UnknownId, 1), (replay.Completeness, replay.Events.Length));
    }

    [Fact]
    public async Task Events_keep_their_names_origins_and_positions_and_a_repeated_publish_id_answers_the_first_id()
    {
        var store = Store(new SseOptions());
        await store.ReportInterestAsync("/kept", _time.GetUtcNow().AddMinutes(1), _time.GetUtcNow().AddMinutes(2));
        var publishId = Guid.NewGuid();
        var first = await store.AppendAsync([new PublishRequest("/kept", "named", "x", publishId), new PublishRequest("/kept/a/b", null, "y", Guid.Empty)]);
        var again = await store.AppendAsync([new PublishRequest("/kept", "named", "x", publishId)]);

        Assert.Equal(first.Ids[0], again.Ids[0]);
        Assert.Empty(again.Namespaces);
        var events = (await Store(new SseOptions()).ReadAfterAsync("/kept", default, int.MaxValue)).Events;
        Assert.Equal([("named", "x", "/kept"), (null, "y", "/kept/a/b")], events.Select(e => (e.Name, e.Data, e.Origin)));
        Assert.Equal(events[0].Position + 1, events[1].Position);
        Assert.Equal(first.Namespaces.SelectMany(n => n.Events).Where(e => e.Origin == "/kept/a/b").Select(e => e.Position).Distinct(), [events[1].Position]);
    }

    [Fact]
    public async Task Keys_share_the_service_id_as_hash_tag_and_expire_after_the_age_bound_or_the_kept_interest()
    {
        var store = Store(new SseOptions { HistoryMaxAge = TimeSpan.FromMinutes(10) });
        await AppendAsync(store, "/expiring", "a");
        foreach (var suffix in new[] { "m", "s" })
        {
            var ttl = await Db.KeyTimeToLiveAsync(Key("/expiring", suffix));
            Assert.InRange(ttl!.Value, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10));
        }

        await store.ReportInterestAsync("/expiring", _time.GetUtcNow().AddMinutes(20), _time.GetUtcNow().AddMinutes(30));
        Assert.InRange((await Db.KeyTimeToLiveAsync(Key("/expiring", "m")))!.Value, TimeSpan.FromMinutes(29), TimeSpan.FromMinutes(30));

        Assert.StartsWith($"sse:{{{_serviceId}}}:", (string?)Key("/expiring", "m"), StringComparison.Ordinal);
        var otherService = new RedisHistoryStore(fixture.Host.Redis, Options.Create(new SseOptions()), Options.Create(new ClusterOptions { ServiceId = _serviceId + "-b" }), _time);
        Assert.Equal(default, await otherService.ReadLastIdAsync("/expiring"));
    }

    private IDatabase Db => fixture.Host.Redis.GetDatabase();

    private RedisKey Key(string path, string suffix) => RedisHistoryStore.KeyPrefix(_serviceId) + path + ":" + suffix;

    private RedisHistoryStore Store(SseOptions options) =>
        new(fixture.Host.Redis, Options.Create(options), Options.Create(new ClusterOptions { ServiceId = _serviceId }), _time);

    private static async Task<SseEventId[]> AppendAsync(RedisHistoryStore store, string path, params string[] data)
    {
        var appended = await store.AppendAsync(Array.ConvertAll(data, d => new PublishRequest(path, null, d, Guid.NewGuid())));
        return appended.Ids;
    }
}
