using System.Text;
using SseOrleans.Abstractions;

namespace SseOrleans.Grains.History;

/// <summary>
/// The last events of one namespace, oldest first: at most <c>capacity</c> of them, at most
/// <c>maxBytes</c> of data (UTF-8) and none older than <c>maxAge</c>, whichever bound is reached first.
/// Room is taken as events arrive, so a namespace that never gets one costs nothing. With a
/// <see cref="HistoryMemoryBudget"/>, what it keeps counts against the process's ceiling, and the budget may
/// have it shed its oldest events from another thread: every member takes the history's lock.
/// </summary>
internal sealed class EventHistory(int capacity, long maxBytes, TimeSpan maxAge, TimeProvider time, HistoryMemoryBudget? budget = null)
    : IHistoryMemoryHolder
{
    private const int InitialRoom = 16;

    private readonly Lock _gate = new();

    private NamespaceEvent[] _items = [];
    private int[] _sizes = [];
    private long[] _added = [];
    private int _start;
    private int _count;
    private long _bytes;
    private long _lastUse;
    private bool _tracked;

    public EventHistory(int capacity, long maxBytes)
        : this(capacity, maxBytes, TimeSpan.MaxValue, TimeProvider.System)
    {
    }

    /// <summary>UTF-8 bytes of data retained.</summary>
    public long Bytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }

    /// <summary>The sequence number of the oldest retained event, if any.</summary>
    public long? OldestSequence
    {
        get
        {
            lock (_gate)
            {
                DropExpired();
                return _count == 0 ? null : this[0].Id.Sequence;
            }
        }
    }

    public long LastUse => Volatile.Read(ref _lastUse);

    public void Add(NamespaceEvent item)
    {
        if (capacity == 0)
        {
            return;
        }

        lock (_gate)
        {
            AddLocked(item);
        }

        budget?.Enforce();
    }

    /// <summary>
    /// The retained events with a sequence number above <paramref name="sequence"/>, oldest first, as
    /// many as fit in <paramref name="maxLength"/> characters of data but at least one;
    /// <paramref name="remaining"/> is how many follow <paramref name="sequence"/> in all.
    /// </summary>
    public NamespaceEvent[] After(long sequence, int maxLength, out int remaining)
    {
        lock (_gate)
        {
            Touch();
            return AfterLocked(sequence, maxLength, out remaining);
        }
    }

    public long Shed(long cost)
    {
        lock (_gate)
        {
            long freed = 0;
            while (_count > 0 && freed < cost)
            {
                freed += DropOldest();
            }

            return freed;
        }
    }

    /// <summary>Drops everything and leaves the budget (the activation that kept this history ended).</summary>
    public void Release()
    {
        lock (_gate)
        {
            while (_count > 0)
            {
                DropOldest();
            }

            budget?.Forget(this);
            _tracked = false;
        }
    }

    private void AddLocked(NamespaceEvent item)
    {
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
        _bytes += size;
        if (budget is not null)
        {
            if (!_tracked)
            {
                budget.Track(this);
                _tracked = true;
            }

            budget.Charge(HistoryMemoryBudget.CostOf(item));
        }

        Touch();
        while (_bytes > maxBytes && _count > 1)
        {
            DropOldest();
        }

        DropExpired();
    }

    private NamespaceEvent[] AfterLocked(long sequence, int maxLength, out int remaining)
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

    private void Touch()
    {
        if (budget is not null)
        {
            Volatile.Write(ref _lastUse, budget.NextUse());
        }
    }

    // Returns what the event cost the budget.
    private long DropOldest()
    {
        var cost = budget is null ? 0 : HistoryMemoryBudget.CostOf(_items[_start]);
        budget?.Credit(cost);
        _bytes -= _sizes[_start];
        _items[_start] = null!;
        _start = (_start + 1) % _items.Length;
        _count--;
        return cost;
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
