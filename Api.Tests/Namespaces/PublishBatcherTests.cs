using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.Namespaces;

namespace SseOrleans.Api.Tests.Namespaces;

public sealed class PublishBatcherTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_publish_leaves_at_once_while_calls_are_free_and_those_that_arrive_while_all_are_busy_share_the_next_call()
    {
        var silo = new HeldPublishGrain();
        var batcher = new PublishBatcher(() => silo);

        var first = Enumerable.Range(0, PublishBatcher.MaxCallsInFlight).Select(i => batcher.PublishAsync("/n", Event(i), Guid.NewGuid(), null)).ToArray();
        var later = Enumerable.Range(0, 10).Select(i => batcher.PublishAsync("/n", Event(100 + i), Guid.NewGuid(), null)).ToArray();
        var calls = new List<PublishItem[]>();
        for (var i = 0; i < PublishBatcher.MaxCallsInFlight; i++)
        {
            calls.Add(await silo.Calls.Reader.ReadAsync().AsTask().WaitAsync(Bound));
        }

        Assert.All(calls, call => Assert.Single(call));
        Assert.False(silo.Calls.Reader.TryPeek(out _)); // the later ones wait for a call to come back

        silo.Release.Release(PublishBatcher.MaxCallsInFlight + 1);
        var next = await silo.Calls.Reader.ReadAsync().AsTask().WaitAsync(Bound);

        Assert.Equal(Enumerable.Range(100, 10).Select(i => $"e{i}"), next.Select(item => item.Event.Data));
        var ids = await Task.WhenAll(first.Concat(later)).WaitAsync(Bound);
        Assert.Equal(14, ids.Distinct().Count());
    }

    [Fact]
    public async Task An_outcome_s_failure_fails_its_publish_alone_and_a_failed_call_fails_every_publish_in_it()
    {
        var silo = new HeldPublishGrain { Refuse = data => data == "bad" ? new ArgumentException("bad data") : null };
        silo.Release.Release(int.MaxValue / 2);
        var batcher = new PublishBatcher(() => silo);

        var good = batcher.PublishAsync("/n", new SseEvent(null, "good"), Guid.NewGuid(), null);
        var bad = batcher.PublishAsync("/n", new SseEvent(null, "bad"), Guid.NewGuid(), null);

        await good.WaitAsync(Bound);
        await Assert.ThrowsAsync<ArgumentException>(() => bad.WaitAsync(Bound));

        silo.CallFailure = new SiloUnavailableException("gone");
        await Assert.ThrowsAsync<SiloUnavailableException>(() => batcher.PublishAsync("/n", new SseEvent(null, "good"), Guid.NewGuid(), null).WaitAsync(Bound));
    }

    private static SseEvent Event(int i) => new(null, $"e{i}");

    /// <summary>A publish grain whose calls wait for <see cref="Release"/>, numbering what it takes.</summary>
    private sealed class HeldPublishGrain : IPublishGrain
    {
        private long _sequence;

        public System.Threading.Channels.Channel<PublishItem[]> Calls { get; } = System.Threading.Channels.Channel.CreateUnbounded<PublishItem[]>();

        public SemaphoreSlim Release { get; } = new(0);

        public Func<string, Exception?> Refuse { get; init; } = _ => null;

        public Exception? CallFailure { get; set; }

        public async Task<PublishOutcome[]> PublishMany(PublishItem[] items)
        {
            Calls.Writer.TryWrite(items);
            await Release.WaitAsync();
            if (CallFailure is { } failure)
            {
                throw failure;
            }

            return [.. items.Select(item => Refuse(item.Event.Data) is { } refused
                ? new PublishOutcome(default, refused)
                : new PublishOutcome(new SseEventId(1, Interlocked.Increment(ref _sequence)), null))];
        }

        public Task<SseEventId> Publish(string path, SseEvent sseEvent, Guid publishId) => throw new NotSupportedException();

        public Task<SseEventId> PublishUpdate(string[] targets, SseEvent sseEvent, MercureFields mercure, Guid publishId) => throw new NotSupportedException();

        public Task<SseEventId> Publish(string path, SseEvent sseEvent, Guid publishId, DateTimeOffset deadline) => throw new NotSupportedException();

        public Task<SseEventId> PublishUpdate(string[] targets, SseEvent sseEvent, MercureFields mercure, Guid publishId, DateTimeOffset deadline) => throw new NotSupportedException();
    }
}
