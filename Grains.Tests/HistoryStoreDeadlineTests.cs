using Microsoft.Extensions.Time.Testing;
using SseOrleans.Abstractions;
using SseOrleans.Grains.History;

namespace SseOrleans.Grains.Tests;

/// <summary>
/// A publish's deadline, as both history stores check it in the step that would append it: past it nothing is
/// appended (and the publish id is not taken, so a retry in time appends it once); a publish id already taken
/// is answered whatever the time. In Redis the deadline is read against Redis's own clock, so a script that
/// waited in a paused redis-server past its deadline appends nothing when the server resumes.
/// </summary>
[Collection(RedisClusterCollectionDefinition.Name)]
public sealed class HistoryStoreDeadlineTests(RedisClusterFixture fixture)
{
    // Redis reads the deadline against its own clock, the real one, where the fake clock of the memory store starts too.
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    [Theory]
    [InlineData(SseHistoryOptions.Memory)]
    [InlineData(SseHistoryOptions.Redis)]
    public async Task A_publish_past_its_deadline_appends_nothing_and_a_retry_in_time_appends_it_once(string provider)
    {
        var store = HistoryStores.Create(provider, fixture.Host.Redis, _time, "deadline-");
        var publishId = Guid.NewGuid();
        var first = await store.AppendAsync([new PublishRequest("/d", null, "first", Guid.NewGuid())]);

        var late = await store.AppendAsync([new PublishRequest("/d", null, "late", publishId, Deadline: Ms(-60))]);
        var retried = await store.AppendAsync([new PublishRequest("/d", null, "late", publishId, Deadline: Ms(60))]);
        var repeatedLate = await store.AppendAsync([new PublishRequest("/d", null, "late", publishId, Deadline: Ms(-60))]);

        Assert.Equal(PublishRefusal.TooLate, late.RefusalOf(0));
        Assert.Empty(late.Namespaces);
        Assert.Equal((first.Ids[0] with { Sequence = 2 }, PublishRefusal.None), (retried.Ids[0], retried.RefusalOf(0)));
        Assert.Equal((retried.Ids[0], PublishRefusal.None), (repeatedLate.Ids[0], repeatedLate.RefusalOf(0)));
        Assert.Equal(["first", "late"], (await store.ReadAfterAsync("/d", default, int.MaxValue)).Events.Select(e => e.Data));
    }

    [Fact]
    public async Task In_redis_an_append_that_timed_out_in_a_paused_server_appends_nothing_once_it_resumes_past_its_deadline()
    {
        var store = HistoryStores.Create(SseHistoryOptions.Redis, fixture.Host.Redis, _time, "paused-");
        await store.AppendAsync([new PublishRequest("/p", null, "before", Guid.NewGuid())]);

        fixture.Host.Server.Pause();
        try
        {
            // The connection's timeout (2 s) is past the deadline (1 s): the script waits in the server's socket.
            await Assert.ThrowsAsync<HistoryUnavailableException>(() => store.AppendAsync(
                [new PublishRequest("/p", null, "stalled", Guid.NewGuid(), Deadline: DateTimeOffset.UtcNow.AddSeconds(1).ToUnixTimeMilliseconds())]));
        }
        finally
        {
            fixture.Host.Server.Resume();
        }

        // The same connection: the stalled script has run when this one runs.
        await store.AppendAsync([new PublishRequest("/p", null, "after", Guid.NewGuid())]);

        Assert.Equal(["before", "after"], (await store.ReadAfterAsync("/p", default, int.MaxValue)).Events.Select(e => e.Data));
    }

    private long Ms(int seconds) => _time.GetUtcNow().AddSeconds(seconds).ToUnixTimeMilliseconds();
}
