using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Providers;
using Orleans.Serialization;
using Orleans.Streams;
using SseOrleans.Abstractions;

namespace SseOrleans.Grains.Streams;

/// <summary>
/// The <c>sse</c> memory-stream cache of this silo, bounded by <see cref="SseOptions.StreamCacheAge"/> and
/// <see cref="SseOptions.StreamCacheMaxBytes"/> (all queues together) instead of Orleans' defaults, which
/// kept up to 30 minutes of every namespace's events, each one in the cache of every level it reached.
/// </summary>
internal sealed class SseStreamCache(IOptions<SseOptions> options, Serializer<MemoryMessageBody> serializer, ILoggerFactory loggers) : IQueueAdapterCache
{
    private readonly StreamCacheBlocks _blocks = new(options.Value.StreamCacheBlockBytes);
    private readonly DefaultMemoryMessageBodySerializer _serializer = new(serializer);

    /// <summary>Bytes of cache blocks holding events now.</summary>
    public long Bytes => _blocks.InUseBytes;

    public IQueueCache CreateQueueCache(QueueId queueId) =>
        new BoundedQueueCache(
            _blocks,
            _serializer,
            options.Value.StreamCacheAge,
            options.Value.StreamCacheMaxBytes,
            loggers.CreateLogger($"{typeof(BoundedQueueCache).FullName}.{SseStreams.ProviderName}.{queueId}"));
}
