using SseOrleans.Abstractions;

namespace SseOrleans.Grains.Tests;

/// <summary>
/// Repeated publishes and forwards append nothing twice, and sequences keep no holes: the same tests
/// against the memory history and the Redis one. Lost answers are injected (<see cref="LostAnswers"/>):
/// the call runs, its caller sees a timeout, as when a response is lost with a silo.
/// </summary>
public abstract class IdempotencyTests(IClusterClient client)
{
    private readonly IClusterClient _client = client;

    [Fact]
    public async Task A_forward_whose_answer_was_lost_is_retried_and_the_parent_appends_it_once()
    {
        var parent = Unique();
        var child = parent + "/child";
        await using var parentStream = await StreamProbe.SubscribeAsync(_client, parent);
        LostAnswers.Lose(parent, nameof(INamespaceGrain.Forward));

        await _client.PublishAsync(child, "once");
        await _client.PublishAsync(child, "next");

        Assert.Equal(0, LostAnswers.Left(parent, nameof(INamespaceGrain.Forward)));
        var replay = await _client.GetNamespace(parent).GetEventsAfter(default, int.MaxValue);
        Assert.Equal(["once", "next"], replay.Events.Select(e => e.Data));
        AssertConsecutive(replay.Events);
        Assert.Equal(["once", "next"], (await parentStream.NextAsync(2)).Select(e => e.Data));
    }

    [Fact]
    public async Task A_forward_repeated_by_its_child_appends_nothing_twice_and_an_older_id_is_skipped()
    {
        var parent = Unique();
        var child = parent + "/child";
        var grain = _client.GetNamespace(parent);
        NamespaceEvent Event(long epoch, long sequence, string data) => new(new SseEventId(epoch, sequence), null, data, child + "/deeper");

        await grain.Forward([Event(42, 1, "a")]);
        await grain.Forward([Event(42, 1, "a"), Event(42, 2, "b")]);
        await grain.Forward([Event(41, 9, "from an older epoch of the child")]);

        var replay = await grain.GetEventsAfter(default, int.MaxValue);
        Assert.Equal(["a", "b"], replay.Events.Select(e => e.Data));
        AssertConsecutive(replay.Events);
        Assert.Equal(new SseEventId(42, 2), await grain.GetForwardWatermark(child));
    }

    [Fact]
    public async Task A_publish_repeated_with_its_publish_id_is_appended_once_and_answered_with_the_first_id()
    {
        var parent = Unique();
        var path = parent + "/dogs";
        var grain = _client.GetNamespace(path);
        var publishId = Guid.NewGuid();

        var first = await grain.Publish(new SseEvent(null, "corgi"), publishId);
        var again = await grain.Publish(new SseEvent(null, "corgi"), publishId);
        var other = await grain.Publish(new SseEvent(null, "corgi"), Guid.NewGuid());

        Assert.Equal(first, again);
        Assert.Equal(first.Sequence + 1, other.Sequence);
        Assert.Equal([first, other], (await grain.GetEventsAfter(default, int.MaxValue)).Events.Select(e => e.Id));
        Assert.Equal(2, (await _client.GetNamespace(parent).GetEventsAfter(default, int.MaxValue)).Events.Length);
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
    public async Task Retried_publishes_and_forwards_leave_no_hole_in_any_sequence()
    {
        var parent = Unique();
        LostAnswers.Lose(parent, nameof(INamespaceGrain.Forward), times: 3);
        var publishes = new List<Task<SseEventId>>();
        for (var i = 0; i < 20; i++)
        {
            var publishId = Guid.NewGuid();
            var grain = _client.GetNamespace($"{parent}/n{i % 3}");
            var data = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            publishes.Add(grain.Publish(new SseEvent(null, data), publishId));
            publishes.Add(grain.Publish(new SseEvent(null, data), publishId));
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
