namespace SseOrleans.Benchmarks.Load;

/// <summary>
/// The sequence numbers whose deliveries count: publishers number events globally, and only events
/// sent inside the measured window ([Low, High)) are counted for loss and latency. The window opens
/// at the next sequence to be sent when measuring starts (High unbounded while it is open) and closes
/// at the next sequence when it ends: by send time, so a publisher that is behind schedule still has
/// its window events.
/// </summary>
internal sealed class MeasurementWindow
{
    private long _low = long.MaxValue;
    private long _high = long.MaxValue;

    public long Low => Volatile.Read(ref _low);

    public long High => Volatile.Read(ref _high);

    public bool Contains(long sequence) => sequence >= Volatile.Read(ref _low) && sequence < Volatile.Read(ref _high);

    public void Set(long low, long high)
    {
        Volatile.Write(ref _high, high);
        Volatile.Write(ref _low, low);
    }

    /// <summary>Counts from <paramref name="low"/> on, with no end yet.</summary>
    public void Open(long low) => Set(low, long.MaxValue);

    /// <summary>Nothing at or after <paramref name="high"/> counts.</summary>
    public void Close(long high) => Volatile.Write(ref _high, high);

    /// <summary>Nothing counts.</summary>
    public void Clear() => Set(long.MaxValue, long.MaxValue);
}
