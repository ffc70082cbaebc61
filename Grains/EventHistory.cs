using SseOrleans.Abstractions;

namespace SseOrleans.Grains;

/// <summary>The last <c>capacity</c> events of one namespace, oldest first.</summary>
internal sealed class EventHistory(int capacity)
{
    private readonly NamespaceEvent[] _items = new NamespaceEvent[capacity];
    private int _start;
    private int _count;

    public int Count => _count;

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

    /// <summary>The retained events, oldest first.</summary>
    public NamespaceEvent[] ToArray()
    {
        var result = new NamespaceEvent[_count];
        for (var i = 0; i < _count; i++)
        {
            result[i] = _items[(_start + i) % _items.Length];
        }

        return result;
    }
}
