using System.Text;
using SseOrleans.Abstractions;

namespace SseOrleans.Grains;

/// <summary>
/// The last events of one namespace, oldest first: at most <c>capacity</c> of them and at most
/// <c>maxBytes</c> of data (UTF-8), whichever bound is reached first. Room is taken as events arrive,
/// so a namespace that never gets one costs nothing.
/// </summary>
internal sealed class EventHistory(int capacity, long maxBytes)
{
    private const int InitialRoom = 16;

    private NamespaceEvent[] _items = [];
    private int[] _sizes = [];
    private int _start;
    private int _count;

    /// <summary>UTF-8 bytes of data retained.</summary>
    public long Bytes { get; private set; }

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
        _count++;
        Bytes += size;
        while (Bytes > maxBytes && _count > 1)
        {
            DropOldest();
        }
    }

    /// <summary>
    /// The retained events with a sequence number above <paramref name="sequence"/>, oldest first, as
    /// many as fit in <paramref name="maxLength"/> characters of data but at least one;
    /// <paramref name="remaining"/> is how many follow <paramref name="sequence"/> in all.
    /// </summary>
    public NamespaceEvent[] After(long sequence, int maxLength, out int remaining)
    {
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

    /// <summary>The sequence number of the oldest retained event, if any.</summary>
    public long? OldestSequence => _count == 0 ? null : this[0].Id.Sequence;

    private NamespaceEvent this[int index] => _items[(_start + index) % _items.Length];

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
        for (var i = 0; i < _count; i++)
        {
            items[i] = _items[(_start + i) % _items.Length];
            sizes[i] = _sizes[(_start + i) % _items.Length];
        }

        _items = items;
        _sizes = sizes;
        _start = 0;
    }
}
