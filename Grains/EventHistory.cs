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
}
