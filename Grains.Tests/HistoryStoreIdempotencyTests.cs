using Microsoft.Extensions.Time.Testing;
using SseOrleans.Abstractions;
using SseOrleans.Grains.History;

namespace SseOrleans.Grains.Tests;

/// <summary>
/// A publish id, as both history stores remember it: a retry that repeats the publish exactly is answered the
/// first id and appends nothing; a publish that reuses the id with another name or data is refused and appends
/// nothing either, whether it comes in a later batch or the same one. In Redis the fingerprint lives with the
/// publish id, so another silo's store (a silo killed and its namespaces moved) knows it too.
/// </summary>
[Collection(RedisClusterCollectionDefinition.Name)]
public sealed class HistoryStoreIdempotencyTests(RedisClusterFixture fixture)
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    [Theory]
    [InlineData(SseHistoryOptions.Memory)]
    [InlineData(SseHistoryOptions.Redis)]
    public async Task An_exact_retry_is_answered_the_first_id_and_appends_nothing(string provider)
    {
        var store = HistoryStores.Create(provider, fixture.Host.Redis, _time, "once-");
        var publishId = Guid.NewGuid();
        var first = await store.AppendAsync([new PublishRequest("/p", "name", "data", publishId)]);

        var again = await store.AppendAsync([new PublishRequest("/p", "name", "data", publishId)]);

        Assert.Equal(first.Ids, again.Ids);
        Assert.Equal(PublishRefusal.None, again.RefusalOf(0));
        Assert.Empty(again.Namespaces);
        Assert.Single((await store.ReadAfterAsync("/p", default, int.MaxValue)).Events);
    }

    [Theory]
    [InlineData(SseHistoryOptions.Memory, "name", "other data")]
    [InlineData(SseHistoryOptions.Memory, "other-name", "data")]
    [InlineData(SseHistoryOptions.Memory, null, "data")]
    [InlineData(SseHistoryOptions.Redis, "name", "other data")]
    [InlineData(SseHistoryOptions.Redis, "other-name", "data")]
    [InlineData(SseHistoryOptions.Redis, null, "data")]
    public async Task A_publish_id_reused_with_another_name_or_data_is_refused_and_appends_nothing(string provider, string? name, string data)
    {
        var store = HistoryStores.Create(provider, fixture.Host.Redis, _time, "reused-");
        var publishId = Guid.NewGuid();
        var first = await store.AppendAsync([new PublishRequest("/p", "name", "data", publishId)]);

        var reused = await store.AppendAsync([new PublishRequest("/p", name, data, publishId), new PublishRequest("/p", null, "next", Guid.NewGuid())]);

        Assert.Equal((first.Ids[0], PublishRefusal.PublishIdReused), (reused.Ids[0], reused.RefusalOf(0)));
        Assert.Equal(PublishRefusal.None, reused.RefusalOf(1));
        Assert.Equal(first.Ids[0] with { Sequence = 2 }, reused.Ids[1]);
        Assert.Equal(["data", "next"], (await store.ReadAfterAsync("/p", default, int.MaxValue)).Events.Select(e => e.Data));
    }

    [Theory]
    [InlineData(SseHistoryOptions.Memory)]
    [InlineData(SseHistoryOptions.Redis)]
    public async Task Within_one_batch_the_second_use_of_a_publish_id_is_a_retry_or_refused_by_what_it_carries(string provider)
    {
        var store = HistoryStores.Create(provider, fixture.Host.Redis, _time, "batch-");
        var publishId = Guid.NewGuid();

        var appended = await store.AppendAsync(
            [new PublishRequest("/b", null, "data", publishId), new PublishRequest("/b", null, "data", publishId), new PublishRequest("/b", null, "changed", publishId)]);

        Assert.Equal([appended.Ids[0], appended.Ids[0], appended.Ids[0]], appended.Ids);
        Assert.Equal([PublishRefusal.None, PublishRefusal.None, PublishRefusal.PublishIdReused], Enumerable.Range(0, 3).Select(appended.RefusalOf));
        Assert.Equal(["data"], (await store.ReadAfterAsync("/b", default, int.MaxValue)).Events.Select(e => e.Data));
    }

    [Fact]
    public async Task In_redis_another_silo_s_store_refuses_a_reused_publish_id_and_answers_an_exact_retry()
    {
        var serviceId = "moved-" + Guid.NewGuid().ToString("N")[..8];
        var publishId = Guid.NewGuid();
        var first = await HistoryStores.Redis(fixture.Host.Redis, _time, serviceId).AppendAsync([new PublishRequest("/m", "name", "data", publishId)]);
        var elsewhere = HistoryStores.Redis(fixture.Host.Redis, _time, serviceId);

        var reused = await elsewhere.AppendAsync([new PublishRequest("/m", "name", "changed", publishId)]);
        var retried = await elsewhere.AppendAsync([new PublishRequest("/m", "name", "data", publishId)]);

        Assert.Equal((first.Ids[0], PublishRefusal.PublishIdReused), (reused.Ids[0], reused.RefusalOf(0)));
        Assert.Equal((first.Ids[0], PublishRefusal.None), (retried.Ids[0], retried.RefusalOf(0)));
        Assert.Equal(["data"], (await elsewhere.ReadAfterAsync("/m", default, int.MaxValue)).Events.Select(e => e.Data));
    }
}
