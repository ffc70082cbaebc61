using Orleans.Providers.Streams.Common;

namespace SseOrleans.Grains.Streams;

/// <summary>
/// The memory blocks a silo's stream cache writes events into, counted. Orleans' own pool keeps every
/// block it ever allocated, so the cache's peak stayed in memory for good; this one keeps a few spares
/// and lets the rest go to the garbage collector.
/// </summary>
internal sealed class StreamCacheBlocks(int blockBytes) : IObjectPool<FixedSizeBuffer>
{
    private const int Spares = 4;

    private readonly Stack<FixedSizeBuffer> _spares = new();
    private readonly Lock _gate = new();
    private long _inUse;

    public int BlockBytes => blockBytes;

    /// <summary>Bytes of the blocks that hold cached events now.</summary>
    public long InUseBytes => Interlocked.Read(ref _inUse) * blockBytes;

    public FixedSizeBuffer Allocate()
    {
        FixedSizeBuffer? block;
        lock (_gate)
        {
            _spares.TryPop(out block);
        }

        block ??= new FixedSizeBuffer(blockBytes);
        block.Pool = this;
        Interlocked.Increment(ref _inUse);
        return block;
    }

    public void Free(FixedSizeBuffer resource)
    {
        Interlocked.Decrement(ref _inUse);
        lock (_gate)
        {
            if (_spares.Count < Spares)
            {
                _spares.Push(resource);
            }
        }
    }
}
