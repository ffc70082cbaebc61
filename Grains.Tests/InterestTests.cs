using System.Collections.Concurrent;
using System.Globalization;
using SseOrleans.Abstractions;
using SseOrleans.TestSupport;

namespace SseOrleans.Grains.Tests;

/// <summary>
/// Interest through the grains, in the memory cluster and the two-silo Redis one: a namespace's stream starts
/// carrying items with its first subscriber report, and every event accepted after that report was answered
/// reaches the ancestor it was reported to, while publishes run.
/// </summary>
public abstract class InterestTests(IClusterClient client)
{
    private readonly IClusterClient _client = client;

    [Fact]
    public async Task A_stream_carries_nothing_until_someone_subscribes_and_then_every_later_event()
    {
        var path = Unique();
        await using var stream = await StreamProbe.SubscribeAsync(_client, path, reportInterest: false);

        await _client.PublishAsync(path, "nobody listens");
        await _client.GetNamespace(path).ReportSubscribers("front-end-a", 1, TimeSpan.FromMinutes(1));
        await _client.PublishAsync(path, "heard");

        // One stream's items arrive in order: had the first been sent, it would come first.
        Assert.Equal("heard", (await stream.NextAsync()).Data);
    }

    [Fact]
    public async Task An_ancestor_gaining_a_subscriber_while_publishes_run_takes_every_event_accepted_after_the_answer()
    {
        var parent = Unique();
        await using var stream = await StreamProbe.SubscribeAsync(_client, parent, reportInterest: false);
        using var stop = new CancellationTokenSource();
        var accepted = new ConcurrentQueue<(long Order, string Data)>();
        long started = 0;
        long answeredAt = long.MaxValue;
        var publishers = Enumerable.Range(0, 4).Select(p => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var order = Interlocked.Increment(ref started);
                var data = string.Create(CultureInfo.InvariantCulture, $"{p}-{i}");
                await _client.PublishAsync($"{parent}/leaf{p}", data);
                accepted.Enqueue((order, data));
            }
        })).ToArray();
        await Eventually.EqualAsync(true, () => Task.FromResult(accepted.Count >= 20));

        var newest = await _client.GetNamespace(parent).ReportSubscribers("front-end-a", 1, TimeSpan.FromMinutes(1));
        Interlocked.Exchange(ref answeredAt, Interlocked.Read(ref started));
        await Eventually.EqualAsync(true, () => Task.FromResult(accepted.Count(a => a.Order > Interlocked.Read(ref answeredAt)) >= 20));
        await stop.CancelAsync();
        await Task.WhenAll(publishers);

        // Publishes started after the answer were accepted after it: each reaches the parent's stream, live
        // from the answer on (the history has them too, but keeps only the newest few in these clusters).
        var owed = accepted.Where(a => a.Order > answeredAt).Select(a => a.Data).ToHashSet(StringComparer.Ordinal);
        var heard = new List<NamespaceEvent>();
        while (owed.Count > 0)
        {
            var next = await stream.NextAsync();
            heard.Add(next);
            owed.Remove(next.Data);
        }

        Assert.All(heard, e => Assert.True(e.Id > newest, $"{e.Id} is not after {newest}"));
    }

    private static string Unique() => "/interest-" + Guid.NewGuid().ToString("N")[..12];
}

[Collection(ClusterCollectionDefinition.Name)]
public sealed class MemoryInterestTests(ClusterFixture fixture) : InterestTests(fixture.Client);

[Collection(RedisClusterCollectionDefinition.Name)]
public sealed class RedisInterestTests(RedisClusterFixture fixture) : InterestTests(fixture.Client);
