using System.Numerics;

namespace SseOrleans.Benchmarks.Load;

/// <summary>
/// A preallocated, thread-safe latency histogram in microseconds with log-linear buckets (as in
/// HdrHistogram): exact below 64 µs, then 32 buckets per power of two (at most ~3% wide), up to
/// ~2^36 µs. Recording is one array increment: no allocation, no lock.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int SubBuckets = 32;
    private const int MaxShift = 31;
    private readonly long[] _counts = new long[SubBuckets * (MaxShift + 2)];
    private long _max;

    public long Count
    {
        get
        {
            var total = 0L;
            for (var i = 0; i < _counts.Length; i++)
            {
                total += Volatile.Read(ref _counts[i]);
            }

            return total;
        }
    }

    /// <summary>The largest value recorded, in milliseconds; NaN when empty.</summary>
    public double MaxMilliseconds => Count == 0 ? double.NaN : Volatile.Read(ref _max) / 1000.0;

    public void Record(long microseconds)
    {
        var value = Math.Max(0, microseconds);
        Interlocked.Increment(ref _counts[IndexOf(value)]);
        var max = Volatile.Read(ref _max);
        while (value > max)
        {
            var seen = Interlocked.CompareExchange(ref _max, value, max);
            if (seen == max)
            {
                break;
            }

            max = seen;
        }
    }

    /// <summary>Records a Stopwatch tick difference.</summary>
    public void RecordTicks(long ticks) => Record(ticks * 1_000_000 / System.Diagnostics.Stopwatch.Frequency);

    public void Reset()
    {
        Array.Clear(_counts);
        Volatile.Write(ref _max, 0);
    }

    /// <summary>The value at <paramref name="percentile"/> (0..100) in milliseconds: the upper edge of its bucket, capped at the max seen; NaN when empty.</summary>
    public double PercentileMilliseconds(double percentile)
    {
        var total = Count;
        if (total == 0)
        {
            return double.NaN;
        }

        var rank = (long)Math.Ceiling(total * percentile / 100.0);
        rank = Math.Clamp(rank, 1, total);
        var seen = 0L;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += Volatile.Read(ref _counts[i]);
            if (seen >= rank)
            {
                return Math.Min(UpperEdge(i), Volatile.Read(ref _max)) / 1000.0;
            }
        }

        return Volatile.Read(ref _max) / 1000.0;
    }

    private static int IndexOf(long value)
    {
        if (value < 2 * SubBuckets)
        {
            return (int)value;
        }

        var shift = Math.Min(63 - BitOperations.LeadingZeroCount((ulong)value) - 5, MaxShift);
        var sub = Math.Min(value >> shift, 2 * SubBuckets - 1);
        return (int)(SubBuckets * shift + sub);
    }

    private static long UpperEdge(int index)
    {
        if (index < 2 * SubBuckets)
        {
            return index;
        }

        var shift = (index / SubBuckets) - 1;
        var sub = index - (SubBuckets * shift);
        return ((sub + 1L) << shift) - 1;
    }
}
