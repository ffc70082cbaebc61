using SseOrleans.Abstractions;

namespace SseOrleans.Grains.Tests;

/// <summary>
/// Repeated publishes append nothing twice, and sequences keep no holes: the same tests
/// against the memory history and the Redis one. Lost answers are injected (<see cref="LostAnswers"/>):
/// the call runs, its caller sees a timeout, as when a response is lost with a silo.
/// </summary>
public abstract class IdempotencyTests(IClusterClient client)
{
    private readonly IClusterClient _client = client;

    [Fact]
    public async Task A_publish_repeated_with_its_publish_id_is_appended_once_and_answered_with_the_first_id()
    {
        var parent = Unique();
        var path = parent + "/dogs";
        var grain = _client.GetNamespace(path);
        var publishId = Guid.NewGuid();
        await _client.GetNamespace(parent).ReportSubscribers("front-end-a", 1, TimeSpan.FromMinutes(10));

        var first = await grain.Publish(new SseEvent(null, "corgi"), publishId);
        var again = await grain.Publish(new SseEvent(null, "corgi"), publishId);
        var other = await grain.Publish(new SseEvent(null, "corgi"), Guid.NewGuid());

        Assert.Equal(first, again);
        Assert.Equal(first.Sequence + 1, other.Sequence);
        Assert.Equal([first, other], (await grain.GetEventsAfter(default, int.MaxValue)).Events.Select(e => e.Id));
        Assert.Equal(2, (await _client.GetNamespace(parent).GetEventsAfter(default, int.MaxValue)).Events.Length);
    }

    [Fact]
    public async Task A_publish_id_reused_with_another_event_is_refused_at_once_and_appends_nothing()
    {
        var path = Unique();
        var grain = _client.GetNamespace(path);
        var publishId = Guid.NewGuid();
        var first = await grain.Publish(new SseEvent("name", "first"), publishId);

        // A refusal is not retried: retrying would take the 30 s and be cancelled first.
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await Assert.ThrowsAsync<PublishIdReusedException>(() => grain.PublishWithRetriesAsync(
            new SseEvent("name", "second"), publishId, TimeSpan.FromSeconds(30), TimeProvider.System, patience.Token));
        await Assert.ThrowsAsync<PublishIdReusedException>(() => _client.PublishWithRetriesAsync(
            path, new SseEvent("other", "first"), publishId, TimeSpan.FromSeconds(30), TimeProvider.System, patience.Token));

        Assert.Equal(first, await grain.Publish(new SseEvent("name", "first"), publishId));
        Assert.Equal([(first, "first")], (await grain.GetEventsAfter(default, int.MaxValue)).Events.Select(e => (e.Id, e.Data)));
    }

    [Fact]
    public async Task A_publish_whose_answer_was_lost_is_retried_under_its_publish_id_and_appended_once()
    {
        var path = Unique();
        LostAnswers.Lose(path, nameof(INamespaceGrain.Publish));

        var id = await _client.GetNamespace(path).PublishWithRetriesAsync(
            new SseEvent("named", "retried"), Guid.NewGuid(), TimeSpan.FromSeconds(30), TimeProvider.System);

        Assert.Equal(0, LostAnswers.Left(path, nameof(INamespaceGrain.Publish)));
        var replay = await _client.GetNamespace(path).GetEventsAfter(default, int.MaxValue);
        Assert.Equal([(id, "named", "retried")], replay.Events.Select(e => (e.Id, e.Name, e.Data)));
    }

    [Fact]
    public async Task Retried_publishes_leave_no_hole_in_any_sequence_the_enclosing_namespace_s_included()
    {
        var parent = Unique();
        await _client.GetNamespace(parent).ReportSubscribers("front-end-a", 1, TimeSpan.FromMinutes(10));
        LostAnswers.Lose($"{parent}/n0", nameof(INamespaceGrain.Publish), times: 3);
        var publishes = new List<Task<SseEventId>>();
        for (var i = 0; i < 20; i++)
        {
            var publishId = Guid.NewGuid();
            var grain = _client.GetNamespace($"{parent}/n{i % 3}");
            var data = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            publishes.Add(grain.PublishWithRetriesAsync(new SseEvent(null, data), publishId, TimeSpan.FromSeconds(30), TimeProvider.System));
            publishes.Add(grain.PublishWithRetriesAsync(new SseEvent(null, data), publishId, TimeSpan.FromSeconds(30), TimeProvider.System));
        }

        var ids = await Task.WhenAll(publishes);

        for (var i = 0; i < ids.Length; i += 2)
        {
            Assert.Equal(ids[i], ids[i + 1]);
        }

        var atParent = (await _client.GetNamespace(parent).GetEventsAfter(default, int.MaxValue)).Events;
        Assert.Equal(ClusterFixture.HistorySize, atParent.Length);
        AssertConsecutive(atParent);
        Assert.Equal(20, atParent[^1].Id.Sequence);
    }

    private static void AssertConsecutive(NamespaceEvent[] events)
    {
        for (var i = 1; i < events.Length; i++)
        {
            Assert.Equal(events[i - 1].Id with { Sequence = events[i - 1].Id.Sequence + 1 }, events[i].Id);
        }
    }

    private static string Unique() => "/once-" + Guid.NewGuid().ToString("N")[..12];
}

[Collection(ClusterCollectionDefinition.Name)]
public sealed class MemoryIdempotencyTests(ClusterFixture fixture) : IdempotencyTests(fixture.Client);

[Collection(RedisClusterCollectionDefinition.Name)]
public sealed class RedisIdempotencyTests(RedisClusterFixture fixture) : IdempotencyTests(fixture.Client);
