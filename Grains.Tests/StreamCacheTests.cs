using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Providers;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Streams;
using SseOrleans.Abstractions;
using SseOrleans.Grains.Streams;

namespace SseOrleans.Grains.Tests;

/// <summary>
/// The silo's memory-stream cache, fed real memory-stream messages from a queue of its own (a provider
/// name no pulling agent reads), so that what it keeps can be counted block by block.
/// </summary>
[Collection(ClusterCollectionDefinition.Name)]
public sealed class StreamCacheTests(ClusterFixture fixture)
{
    private const int Block = 1024 * 1024;

    [Fact]
    public void The_sse_provider_caches_in_the_bounded_cache()
    {
        var factory = Silo.GetRequiredKeyedService<IQueueAdapterFactory>(SseStreams.ProviderName);
        Assert.IsType<SseStreamCache>(factory.GetQueueAdapterCache());
    }

    [Fact]
    public async Task Over_its_byte_budget_the_cache_drops_its_oldest_events_until_it_fits()
    {
        var blocks = new StreamCacheBlocks(Block);
        var cache = NewCache(blocks, TimeSpan.FromHours(1), maxBytes: 2 * Block);

        await AddAsync(cache, count: 40, bytes: 100_000);
        Assert.True(blocks.InUseBytes >= 4 * Block, $"{blocks.InUseBytes} bytes cached");

        for (var i = 0; i < 10 && blocks.InUseBytes > 2 * Block; i++)
        {
            cache.TryPurgeFromCache(out _);
        }

        Assert.InRange(blocks.InUseBytes, Block, 2 * Block);
    }

    [Fact]
    public async Task Events_older_than_the_age_go_even_when_nothing_newer_arrived()
    {
        var blocks = new StreamCacheBlocks(Block);
        var cache = NewCache(blocks, TimeSpan.Zero, maxBytes: 64 * Block);
        await AddAsync(cache, count: 30, bytes: 100_000);
        Assert.True(blocks.InUseBytes >= 3 * Block, $"{blocks.InUseBytes} bytes cached");

        cache.TryPurgeFromCache(out _);

        Assert.Equal(0, blocks.InUseBytes);
    }

    [Fact]
    public async Task A_block_given_back_by_one_queue_is_never_written_by_two()
    {
        var blocks = new StreamCacheBlocks(Block);
        var first = NewCache(blocks, TimeSpan.Zero, maxBytes: 64 * Block);
        var second = NewCache(blocks, TimeSpan.FromHours(1), maxBytes: 64 * Block);
        await AddAsync(first, count: 5, bytes: 1000, data: 'a');
        first.TryPurgeFromCache(out _);

        var (stream, token) = await AddAsync(second, count: 5, bytes: 1000, data: 'b');
        await AddAsync(first, count: 5, bytes: 1000, data: 'c');

        var cursor = second.TryGetCacheCursor(stream, token).Cursor!;
        var read = new List<string>();
        while (cursor.MoveNextWithResult().Kind == QueueCacheCursorMoveResultKind.Success)
        {
            read.AddRange(cursor.GetCurrent(out _)!.GetEvents<string>().Select(e => e.Item1));
        }

        Assert.Equal(Enumerable.Repeat(new string('b', 1000), 5), read);
    }

    private IServiceProvider Silo => fixture.Host.Silos[0].ServiceProvider;

    private BoundedQueueCache NewCache(StreamCacheBlocks blocks, TimeSpan age, long maxBytes) =>
        new(blocks, new DefaultMemoryMessageBodySerializer(Silo.GetRequiredService<Serializer<MemoryMessageBody>>()), age, maxBytes, NullLogger.Instance);

    private async Task<(StreamId Stream, StreamSequenceToken First)> AddAsync(BoundedQueueCache cache, int count, int bytes, char data = 'x')
    {
        var name = "cache-test-" + Guid.NewGuid().ToString("N")[..8];
        var factory = MemoryAdapterFactory<DefaultMemoryMessageBodySerializer>.Create(Silo, name);
        var adapter = await ((IQueueAdapterFactory)factory).CreateAdapter(CancellationToken.None);
        var stream = StreamId.Create(name, "events");
        var receiver = adapter.CreateReceiver(factory.GetStreamQueueMapper().GetQueueForStream(stream));
        await receiver.Initialize(TimeSpan.FromSeconds(5));
        for (var i = 0; i < count; i++)
        {
            await adapter.QueueMessageBatchAsync(stream, [new string(data, bytes)], null, new Dictionary<string, object>());
        }

        StreamSequenceToken? first = null;
        for (var added = 0; added < count;)
        {
            var messages = await receiver.GetQueueMessagesAsync(cache.GetMaxAddCount(), CancellationToken.None);
            first ??= messages.FirstOrDefault()?.SequenceToken;
            cache.AddToCache(messages);
            added += messages.Count;
        }

        return (stream, first!);
    }
}
