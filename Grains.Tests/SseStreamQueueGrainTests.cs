using Orleans.Providers;
using Orleans.Runtime;
using SseOrleans.Abstractions;
using SseOrleans.Grains.Streams;
using SseOrleans.TestSupport;

namespace SseOrleans.Grains.Tests;

[Collection(ClusterCollectionDefinition.Name)]
public sealed class SseStreamQueueGrainTests(ClusterFixture fixture)
{
    private readonly IClusterClient _client = fixture.Client;

    [Fact]
    public async Task A_read_of_an_empty_queue_waits_for_the_next_event_instead_of_answering_nothing()
    {
        var queue = _client.GetGrain<IMemoryStreamQueueGrain>(Guid.NewGuid());
        var read = queue.Dequeue(10);

        await queue.Enqueue(Data("first"));

        var events = await read.WaitAsync(Eventually.DefaultTimeout);
        Assert.Equal(StreamId.Create("queue-test", "first"), Assert.Single(events).StreamId);
    }

    [Fact]
    public async Task A_read_of_a_queue_that_stays_empty_answers_nothing_after_the_long_poll()
    {
        var queue = _client.GetGrain<IMemoryStreamQueueGrain>(Guid.NewGuid());
        var started = TimeProvider.System.GetTimestamp();

        Assert.Empty(await queue.Dequeue(10).WaitAsync(Eventually.DefaultTimeout));
        Assert.True(TimeProvider.System.GetElapsedTime(started) >= SseStreamQueueGrain.LongPoll * 0.9);
    }

    [Fact]
    public async Task The_namespace_streams_run_on_these_queues_not_on_orleans_own()
    {
        await _client.PublishAsync(TestNamespace.Unique("/queue-"), "on the sse queue");

        var types = (await _client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics())
            .Select(statistic => statistic.GrainType)
            .ToHashSet(StringComparer.Ordinal);
        Assert.Contains(types, type => type.Contains(nameof(SseStreamQueueGrain), StringComparison.Ordinal));
        Assert.DoesNotContain(types, type => type.Contains(nameof(MemoryStreamQueueGrain), StringComparison.Ordinal));
    }

    private static MemoryMessageData Data(string key) => new()
    {
        StreamId = StreamId.Create("queue-test", key),
        EnqueueTimeUtc = DateTime.UtcNow,
        Payload = new ArraySegment<byte>([1, 2, 3]),
    };
}
