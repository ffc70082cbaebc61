namespace SseOrleans.Benchmarks.Load;

/// <summary>
/// The sequence numbers whose deliveries count: publishers number events globally, and only events
/// published inside the measured window ([Low, High)) are counted for loss and latency.
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
}
