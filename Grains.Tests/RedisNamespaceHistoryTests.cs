using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Orleans.Configuration;
using SseOrleans.Abstractions;
using SseOrleans.Grains.History;
using StackExchange.Redis;

namespace SseOrleans.Grains.Tests;

/// <summary>The Redis history on its own, on a clock the tests move: bounds, epochs, two writers, keys.</summary>
[Collection(RedisClusterCollectionDefinition.Name)]
public sealed class RedisNamespaceHistoryTests(RedisClusterFixture fixture)
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly string _serviceId = "history-tests-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Events_older_than_the_age_bound_are_neither_replayed_nor_kept()
    {
        var history = await OpenAsync("/aged", new SseOptions { HistoryMaxAge = TimeSpan.FromMinutes(1) });
        var old = await AppendAsync(history, "old-1", "old-2");
        _time.Advance(TimeSpan.FromSeconds(40));
        var recent = await AppendAsync(history, "recent");
        _time.Advance(TimeSpan.FromSeconds(30));

        var replay = await history.ReadAfterAsync(old[0], int.MaxValue);
        Assert.Equal(ReplayCompleteness.Truncated, replay.Completeness);
        Assert.Equal(recent, replay.Events.Select(e => e.Id));

        await AppendAsync(history, "newest");
        Assert.Equal(2, await Db.StreamLengthAsync(Key("/aged", "s")));
    }

    [Fact]
    public async Task The_count_and_byte_bounds_keep_the_newest_and_a_replay_from_before_them_says_truncated()
    {
        var history = await OpenAsync("/bounded", new SseOptions { HistorySize = 3, MaxMessageBytes = 8, HistoryMaxBytes = 9 });
        var ids = await AppendAsync(history, "a", "b", "c", "d");
        Assert.Equal(ids[1..], (await history.ReadAfterAsync(ids[0], int.MaxValue)).Events.Select(e => e.Id));
        Assert.Equal(ReplayCompleteness.Complete, (await history.ReadAfterAsync(ids[0], int.MaxValue)).Completeness);

        var large = await AppendAsync(history, "12345", "\u00e9\u00e9");
        var replay = await history.ReadAfterAsync(ids[0], int.MaxValue);
        Assert.Equal(ReplayCompleteness.Truncated, replay.Completeness);
        Assert.Equal(large, replay.Events.Select(e => e.Id));
        Assert.Equal("9", (string?)await Db.HashGetAsync(Key("/bounded", "m"), "b"));
    }

    [Fact]
    public async Task Pages_are_bounded_by_bytes_and_count_what_follows_them()
    {
        var history = await OpenAsync("/paged", new SseOptions());
        var ids = await AppendAsync(history, "aa", "bb", "cc", "dd");

        var first = await history.ReadAfterAsync(ids[0], 4);
        Assert.Equal((ReplayCompleteness.Complete, 3), (first.Completeness, first.Remaining));
        Assert.Equal(ids[1..3], first.Events.Select(e => e.Id));
        var tiny = await history.ReadAfterAsync(ids[0], 0);
        Assert.Equal([ids[1]], tiny.Events.Select(e => e.Id));
        var rest = await history.ReadAfterAsync(ids[2], 4);
        Assert.Equal([ids[3]], rest.Events.Select(e => e.Id));
        Assert.Empty((await history.ReadAfterAsync(ids[3], 4)).Events);
    }

    [Fact]
    public async Task Two_writers_of_one_namespace_never_repeat_an_id_and_each_learns_the_other_s_events()
    {
        var one = await OpenAsync("/twice", new SseOptions());
        var other = await OpenAsync("/twice", new SseOptions());

        var a = await AppendAsync(one, "a");
        var b = await other.AppendAsync([Published("/twice", "b")]);
        var c = await one.AppendAsync([Published("/twice", "c")]);

        Assert.Equal(["a", "b"], b.Events.Select(e => e.Data));
        Assert.Equal(["b", "c"], c.Events.Select(e => e.Data));
        Assert.Equal([a[0].Sequence, a[0].Sequence + 1, a[0].Sequence + 2], new[] { a[0], b.Ids[0], c.Ids[0] }.Select(id => id.Sequence));
    }

    [Fact]
    public async Task A_namespace_whose_keys_were_lost_starts_a_newer_epoch_and_older_ids_are_unknown()
    {
        var history = await OpenAsync("/lost", new SseOptions());
        var before = await AppendAsync(history, "a");
        await Db.KeyDeleteAsync([Key("/lost", "m"), Key("/lost", "s")]);
        _time.Advance(TimeSpan.FromMilliseconds(5));

        var after = await AppendAsync(history, "b");

        Assert.True(after[0].Epoch > before[0].Epoch);
        Assert.Equal(1, after[0].Sequence);
        var replay = await history.ReadAfterAsync(before[0], int.MaxValue);
        Assert.Equal((ReplayCompleteness.UnknownId, 1), (replay.Completeness, replay.Events.Length));
    }

    [Fact]
    public async Task A_reopened_history_continues_where_it_was_and_keeps_names_and_origins()
    {
        var history = await OpenAsync("/kept", new SseOptions());
        await history.AppendAsync([HistoryCandidate.Published(new SseEvent("named", "x"), "/kept", Guid.NewGuid())]);
        await history.AppendAsync([HistoryCandidate.Forwarded(new NamespaceEvent(new SseEventId(3, 1), null, "y", "/kept/a/b"), "/kept/a")]);

        var reopened = await OpenAsync("/kept", new SseOptions());

        Assert.Equal(history.LastId, reopened.LastId);
        var events = (await reopened.ReadAfterAsync(default, int.MaxValue)).Events;
        Assert.Equal([("named", "x", "/kept"), (null, "y", "/kept/a/b")], events.Select(e => (e.Name, e.Data, e.Origin)));
        Assert.Equal(new SseEventId(3, 1), await reopened.GetWatermarkAsync("/kept/a"));
        Assert.Equal(events, await reopened.ReadRangeAsync(0, 2, int.MaxValue));
    }

    [Fact]
    public async Task Keys_carry_the_service_id_and_expire_after_the_age_bound_without_events()
    {
        var history = await OpenAsync("/expiring", new SseOptions { HistoryMaxAge = TimeSpan.FromMinutes(10) });
        await AppendAsync(history, "a");

        foreach (var suffix in new[] { "m", "s" })
        {
            var ttl = await Db.KeyTimeToLiveAsync(Key("/expiring", suffix));
            Assert.InRange(ttl!.Value, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10));
        }

        var otherCluster = new RedisHistoryStore(fixture.Host.Redis, Options.Create(new SseOptions()), Options.Create(new ClusterOptions { ServiceId = _serviceId + "-b" }), _time, NullLogger<RedisHistoryStore>.Instance).Open("/expiring");
        await otherCluster.LoadAsync();
        Assert.Equal(default, otherCluster.LastId);
    }

    private IDatabase Db => fixture.Host.Redis.GetDatabase();

    private RedisKey Key(string path, string suffix) => RedisHistoryStore.KeyPrefix(_serviceId, path) + suffix;

    private async Task<INamespaceHistory> OpenAsync(string path, SseOptions options)
    {
        var history = new RedisHistoryStore(fixture.Host.Redis, Options.Create(options), Options.Create(new ClusterOptions { ServiceId = _serviceId }), _time, NullLogger<RedisHistoryStore>.Instance).Open(path);
        await history.LoadAsync();
        return history;
    }

    private static async Task<SseEventId[]> AppendAsync(INamespaceHistory history, params string[] data)
    {
        // Published to the namespace itself or not: these tests do not look at origins.
        var appended = await history.AppendAsync(Array.ConvertAll(data, d => Published("/", d)));
        return appended.Ids;
    }

    private static HistoryCandidate Published(string path, string data) => HistoryCandidate.Published(new SseEvent(null, data), path, Guid.NewGuid());
}
