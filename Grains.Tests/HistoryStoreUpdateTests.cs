using Microsoft.Extensions.Time.Testing;
using SseOrleans.Abstractions;
using SseOrleans.Grains.History;

namespace SseOrleans.Grains.Tests;

/// <summary>
/// A Mercure update, as both history stores take it: one publish to several target namespaces, one copy in
/// each target and in each interested ancestor however many targets lie below it, all at one position, with
/// its Mercure fields kept on every copy (and none on a plain event's); a retry is known by its first target.
/// </summary>
[Collection(RedisClusterCollectionDefinition.Name)]
public sealed class HistoryStoreUpdateTests(RedisClusterFixture fixture)
{
    private static readonly MercureFields Fields = new("urn:uuid:1", ["https://e/a", "https://e/b"], true, 2500);

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    [Theory]
    [InlineData(SseHistoryOptions.Memory)]
    [InlineData(SseHistoryOptions.Redis)]
    public async Task An_update_with_two_targets_is_one_copy_in_each_target_and_in_each_interested_ancestor(string provider)
    {
        var store = Store(provider);
        var now = _time.GetUtcNow();
        await store.ReportInterestAsync("/m", now.AddMinutes(1), now.AddMinutes(2));
        await store.ReportInterestAsync("/m/e", now.AddMinutes(1), now.AddMinutes(2));

        var appended = await store.AppendAsync([Update(["/m/e/a/~", "/m/e/b/~"], Guid.NewGuid())]);

        Assert.Equal(["/m/e/a/~", "/m/e/b/~", "/m/e", "/m"], appended.Namespaces.Select(n => n.Path));
        Assert.All(appended.Namespaces, n => Assert.Single(n.Events));
        var copies = appended.Namespaces.Select(n => n.Events[0]).ToArray();
        Assert.Single(copies.Select(e => e.Position).Distinct());
        Assert.Equal(["/m/e/a/~", "/m/e/b/~", "/m/e/a/~", "/m/e/a/~"], copies.Select(e => e.Origin));
        foreach (var path in new[] { "/m/e/a/~", "/m/e/b/~", "/m/e", "/m" })
        {
            var stored = Assert.Single((await store.ReadAfterAsync(path, default, int.MaxValue)).Events);
            Assert.Equal(("type", "data", true), (stored.Name, stored.Data, stored.IsPrivate));
            Assert.Equal((Fields.Id, string.Join(' ', Fields.Topics), Fields.Retry), (stored.Mercure!.Id, string.Join(' ', stored.Mercure.Topics), stored.Mercure.Retry));
        }
    }

    [Theory]
    [InlineData(SseHistoryOptions.Memory)]
    [InlineData(SseHistoryOptions.Redis)]
    public async Task A_repeated_update_is_known_by_its_first_target_and_a_plain_event_has_no_mercure_fields(string provider)
    {
        var store = Store(provider);
        var publishId = Guid.NewGuid();
        var first = await store.AppendAsync([Update(["/n/a/~", "/n/b/~"], publishId)]);
        var again = await store.AppendAsync([Update(["/n/a/~", "/n/b/~"], publishId), new PublishRequest("/n/b/~", null, "plain", Guid.NewGuid())]);

        Assert.Equal(first.Ids[0], again.Ids[0]);
        var atB = (await store.ReadAfterAsync("/n/b/~", default, int.MaxValue)).Events;
        Assert.Equal([("data", false), ("plain", true)], atB.Select(e => (e.Data, e.Mercure is null)));
        Assert.False(atB[1].IsPrivate);
    }

    [Theory]
    [InlineData(SseHistoryOptions.Memory)]
    [InlineData(SseHistoryOptions.Redis)]
    public async Task A_mercure_id_resumes_any_namespace_after_that_update_and_an_unknown_id_is_null(string provider)
    {
        var store = Store(provider);
        var now = _time.GetUtcNow();
        await store.ReportInterestAsync("/r", now.AddMinutes(1), now.AddMinutes(2));
        await store.AppendAsync([Update("u1", ["/r/a/~"]), Update("u2", ["/r/b/~"])]);
        await store.AppendAsync([Update("u3", ["/r/a/~"])]);

        var afterU1 = await store.FindAfterUpdateAsync("/r", "u1");
        Assert.Equal(["u2", "u3"], (await store.ReadAfterAsync("/r", afterU1!.Value, int.MaxValue)).Events.Select(e => e.Mercure!.Id));
        var afterU2InA = await store.FindAfterUpdateAsync("/r/a/~", "u2");
        Assert.Equal(["u3"], (await store.ReadAfterAsync("/r/a/~", afterU2InA!.Value, int.MaxValue)).Events.Select(e => e.Mercure!.Id));
        var afterU3 = await store.FindAfterUpdateAsync("/r/b/~", "u3");
        Assert.Empty((await store.ReadAfterAsync("/r/b/~", afterU3!.Value, int.MaxValue)).Events);
        Assert.Null(await store.FindAfterUpdateAsync("/r", "never-published"));
    }

    private IHistoryStore Store(string provider) => HistoryStores.Create(provider, fixture.Host.Redis, _time, "update-");

    private static PublishRequest Update(string id, string[] targets) =>
        new(targets[0], null, id, Guid.NewGuid(), targets.Length > 1 ? targets[1..] : null, Fields with { Id = id });

    private static PublishRequest Update(string[] targets, Guid publishId) =>
        new(targets[0], "type", "data", publishId, targets[1..], Fields);
}
