using SseOrleans.Abstractions;

namespace SseOrleans.Grains;

/// <summary>The last <c>capacity</c> events of one namespace, oldest first.</summary>
internal sealed class EventHistory(int capacity)
{
    private readonly NamespaceEvent[] _items = new NamespaceEvent[capacity];
    private int _start;
    private int _count;

    public void Add(NamespaceEvent item)
    {
        if (_items.Length == 0)
        {
            return;
        }

        if (_count < _items.Length)
        {
            _items[(_start + _count) % _items.Length] = item;
            _count++;
        }
        else
        {
            _items[_start] = item;
            _start = (_start + 1) % _items.Length;
        }
    }

    /// <summary>The retained events with a sequence number above <paramref name="sequence"/>, oldest first.</summary>
    public NamespaceEvent[] After(long sequence)
    {
        var skip = 0;
        while (skip < _count && this[skip].Id.Sequence <= sequence)
        {
            skip++;
        }

        var result = new NamespaceEvent[_count - skip];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = this[skip + i];
        }

        return result;
    }

    /// <summary>The sequence number of the oldest retained event, if any.</summary>
    public long? OldestSequence => _count == 0 ? null : this[0].Id.Sequence;

    private NamespaceEvent this[int index] => _items[(_start + index) % _items.Length];

    /// <summary>The retained events, oldest first.</summary>
    public NamespaceEvent[] ToArray()
    {
        return After(long.MinValue);
    }
}
