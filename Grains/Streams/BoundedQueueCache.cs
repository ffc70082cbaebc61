using Orleans.Providers;
using Orleans.Providers.Streams.Common;
using Orleans.Runtime;
using Orleans.Streams;

namespace SseOrleans.Grains.Streams;

/// <summary>
/// One stream queue's cache: Orleans' pooled memory cache (its cursors, its delivery), evicting what was
/// cached longer than the age ago, and, while the silo's cache blocks are over their budget, this queue's
/// oldest events in proportion to the excess. Orleans evicts by age relative to the newest event, so a
/// cache that stopped receiving kept everything; here age is measured from when the event was cached.
/// A subscriber whose next event was evicted gets a cache-miss error (its front-end closes the streams,
/// and clients replay from the history).
/// </summary>
internal sealed class BoundedQueueCache : IQueueCache
{
    private readonly MemoryPooledCache<DefaultMemoryMessageBodySerializer> _inner;
    private readonly PurgeRule _purge = new();
    private readonly StreamCacheBlocks _blocks;
    private readonly TimeSpan _age;
    private readonly long _maxBytes;
    private long _count;

    public BoundedQueueCache(StreamCacheBlocks blocks, DefaultMemoryMessageBodySerializer serializer, TimeSpan age, long maxBytes, Microsoft.Extensions.Logging.ILogger logger)
    {
        _blocks = blocks;
        _age = age;
        _maxBytes = maxBytes;
        _purge.Start(age, 0);
        _inner = new MemoryPooledCache<DefaultMemoryMessageBodySerializer>(blocks, _purge, logger, serializer, null, null, age * 2);
    }

    public int GetMaxAddCount() => _inner.GetMaxAddCount();

    public void AddToCache(IList<IBatchContainer> messages)
    {
        _inner.AddToCache(messages);
        _count += messages.Count;
    }

    public bool TryPurgeFromCache(out IList<IBatchContainer> purgedItems)
    {
        // Events are of any size and blocks are shared by all queues, so this queue drops the share of
        // its events that the blocks are over budget; the next purge (one poll later) drops more if needed.
        var inUse = _blocks.InUseBytes;
        _purge.Start(
            _age,
            inUse > _maxBytes ? (long)Math.Ceiling(_count * ((double)(inUse - _maxBytes) / inUse)) : 0);
        var result = _inner.TryPurgeFromCache(out purgedItems);
        _count = Math.Max(0, _count - _purge.Purged);
        return result;
    }

    [Obsolete("Use IQueueCache.TryGetCacheCursor instead.")]
    public IQueueCacheCursor GetCacheCursor(StreamId streamId, StreamSequenceToken? token) => _inner.GetCacheCursor(streamId, token);

    public QueueCacheCursorResult<IQueueCacheCursor> TryGetCacheCursor(StreamId streamId, StreamSequenceToken? token) =>
        ((IQueueCache)_inner).TryGetCacheCursor(streamId, token);

    public QueueCacheCursorResult<IQueueCacheCursor> TryGetCacheCursorAtPosition(StreamId streamId, StreamSubscriptionStartPosition startPosition) =>
        ((IQueueCache)_inner).TryGetCacheCursorAtPosition(streamId, startPosition);

    public bool IsUnderPressure() => _inner.IsUnderPressure();

    public void UpdateDeliveryProgress(StreamSequenceToken? earliestSubscriptionToken, DateTime utcNow) =>
        ((IQueueCache)_inner).UpdateDeliveryProgress(earliestSubscriptionToken, utcNow);

    // Asked about the oldest event again and again until it says no: it says yes to the first `drop`,
    // then to any event cached longer than the age (whatever the newer events: Orleans' own rule
    // measures age against the newest event, so a cache that stopped receiving kept everything).
    private sealed class PurgeRule() : TimePurgePredicate(TimeSpan.Zero, TimeSpan.Zero)
    {
        private TimeSpan _age;
        private long _drop;

        public long Purged { get; private set; }

        public void Start(TimeSpan age, long drop)
        {
            _age = age;
            _drop = drop;
            Purged = 0;
        }

        public override bool ShouldPurgeFromTime(TimeSpan timeInCache, TimeSpan relativeAge)
        {
            if (_drop > 0)
            {
                _drop--;
            }
            else if (timeInCache <= _age)
            {
                return false;
            }

            Purged++;
            return true;
        }
    }
}
