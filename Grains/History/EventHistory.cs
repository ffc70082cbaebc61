using System.Text;
using SseOrleans.Abstractions;

namespace SseOrleans.Grains.History;

/// <summary>
/// The last events of one namespace, oldest first: at most <c>capacity</c> of them, at most
/// <c>maxBytes</c> of data (UTF-8) and none older than <c>maxAge</c>, whichever bound is reached first.
/// Room is taken as events arrive, so a namespace that never gets one costs nothing.
/// </summary>
internal sealed class EventHistory(int capacity, long maxBytes, TimeSpan maxAge, TimeProvider time)
{
    private const int InitialRoom = 16;

    private NamespaceEvent[] _items = [];
    private int[] _sizes = [];
    private long[] _added = [];
    private int _start;
    private int _count;

    public EventHistory(int capacity, long maxBytes)
        : this(capacity, maxBytes, TimeSpan.MaxValue, TimeProvider.System)
    {
    }

    /// <summary>UTF-8 bytes of data retained.</summary>
    public long Bytes { get; private set; }

    /// <summary>The sequence number of the oldest retained event, if any.</summary>
    public long? OldestSequence
    {
        get
        {
            DropExpired();
            return _count == 0 ? null : this[0].Id.Sequence;
        }
    }

    public void Add(NamespaceEvent item)
    {
        if (capacity == 0)
        {
            return;
        }

        var size = Encoding.UTF8.GetByteCount(item.Data);
        if (_count == _items.Length && _count < capacity)
        {
            Grow();
        }

        if (_count == _items.Length)
        {
            DropOldest();
        }

        var slot = (_start + _count) % _items.Length;
        _items[slot] = item;
        _sizes[slot] = size;
        _added[slot] = time.GetTimestamp();
        _count++;
        Bytes += size;
        while (Bytes > maxBytes && _count > 1)
        {
            DropOldest();
        }

        DropExpired();
    }

    /// <summary>
    /// The retained events with a sequence number above <paramref name="sequence"/>, oldest first, as
    /// many as fit in <paramref name="maxLength"/> characters of data but at least one;
    /// <paramref name="remaining"/> is how many follow <paramref name="sequence"/> in all.
    /// </summary>
    public NamespaceEvent[] After(long sequence, int maxLength, out int remaining)
    {
        DropExpired();
        var skip = 0;
        while (skip < _count && this[skip].Id.Sequence <= sequence)
        {
            skip++;
        }

        remaining = _count - skip;
        var take = 0;
        long length = 0;
        while (take < remaining && (take == 0 || length + this[skip + take].Data.Length <= maxLength))
        {
            length += this[skip + take].Data.Length;
            take++;
        }

        var result = new NamespaceEvent[take];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = this[skip + i];
        }

        return result;
    }

    /// <summary>The sequence of the newest retained event whose position is at most <paramref name="position"/>, if any.</summary>
    public long? LastSequenceAtOrBefore(long position)
    {
        DropExpired();
        for (var i = _count - 1; i >= 0; i--)
        {
            if (this[i].Position <= position)
            {
                return this[i].Id.Sequence;
            }
        }

        return null;
    }

    private NamespaceEvent this[int index] => _items[(_start + index) % _items.Length];

    // Events leave by age when the history is touched, oldest first: a namespace nobody touches holds
    // its last events until its grain is collected.
    private void DropExpired()
    {
        while (_count > 0 && time.GetElapsedTime(_added[_start]) > maxAge)
        {
            DropOldest();
        }
    }

    private void DropOldest()
    {
        Bytes -= _sizes[_start];
        _items[_start] = null!;
        _start = (_start + 1) % _items.Length;
        _count--;
    }

    private void Grow()
    {
        var room = (int)Math.Min(capacity, Math.Max(InitialRoom, (long)_items.Length * 2));
        var items = new NamespaceEvent[room];
        var sizes = new int[room];
        var added = new long[room];
        for (var i = 0; i < _count; i++)
        {
            var slot = (_start + i) % _items.Length;
            items[i] = _items[slot];
            sizes[i] = _sizes[slot];
            added[i] = _added[slot];
        }

        _items = items;
        _sizes = sizes;
        _added = added;
        _start = 0;
    }
}
