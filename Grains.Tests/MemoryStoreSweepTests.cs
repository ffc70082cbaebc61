using Microsoft.Extensions.Time.Testing;
using SseOrleans.Abstractions;
using SseOrleans.Grains.History;

namespace SseOrleans.Grains.Tests;

/// <summary>
/// The memory store forgets a namespace once it has nothing to keep (no interest, no retained event, no
/// publish id to answer again), so that subscribes to ever new namespaces do not grow it; and forgets nothing
/// a subscriber or a publisher's retry still needs.
/// </summary>
public sealed class MemoryStoreSweepTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task Namespaces_that_only_had_interest_are_forgotten_once_it_expires()
    {
        var store = Store(new SseOptions());
        for (var i = 0; i < 100; i++)
        {
            await store.ReportInterestAsync($"/probe/{i}", _time.GetUtcNow().AddSeconds(20), _time.GetUtcNow().AddSeconds(30));
        }

        Assert.Equal(100, store.NamespaceCount);

        // Still kept: a sweep while the interest holds forgets none of them.
        _time.Advance(MemoryHistoryStore.SweepInterval);
        await store.ReadLastIdAsync("/other");
        await store.ReportInterestAsync("/probe/0", _time.GetUtcNow().AddSeconds(20), _time.GetUtcNow().AddSeconds(30));
        Assert.Equal(100, store.NamespaceCount);

        _time.Advance(TimeSpan.FromSeconds(31));
        await store.ReportInterestAsync("/probe/0", _time.GetUtcNow().AddSeconds(20), _time.GetUtcNow().AddSeconds(30));
        Assert.Equal(1, store.NamespaceCount); // the one just reported again
    }

    [Fact]
    public async Task A_namespace_with_retained_events_is_kept_and_is_forgotten_once_they_age_out()
    {
        var store = Store(new SseOptions { HistoryMaxAge = TimeSpan.FromMinutes(1) });
        var appended = await store.AppendAsync([new PublishRequest("/kept", null, "data", Guid.Empty)]);

        _time.Advance(MemoryHistoryStore.SweepInterval);
        await store.ReadLastIdAsync("/kept");
        await store.ReportInterestAsync("/elsewhere", _time.GetUtcNow(), _time.GetUtcNow());
        Assert.Equal(appended.Ids[0], await store.ReadLastIdAsync("/kept"));

        _time.Advance(TimeSpan.FromMinutes(2));
        await store.ReportInterestAsync("/elsewhere", _time.GetUtcNow(), _time.GetUtcNow());
        Assert.Equal(default, await store.ReadLastIdAsync("/kept"));
    }

    [Fact]
    public async Task A_publish_id_is_answered_again_within_its_retention_even_when_nothing_is_retained()
    {
        var options = new SseOptions { HistorySize = 0 };
        var store = Store(options);
        var publishId = Guid.NewGuid();
        var first = await store.AppendAsync([new PublishRequest("/retried", null, "once", publishId)]);

        _time.Advance(TimeSpan.FromSeconds(20));
        var retried = await store.AppendAsync([new PublishRequest("/retried", null, "once", publishId)]);

        Assert.Equal(first.Ids[0], retried.Ids[0]);
        Assert.Empty(retried.Namespaces);
    }

    private MemoryHistoryStore Store(SseOptions options) => HistoryStores.Memory(options, _time);
}
