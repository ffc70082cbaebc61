namespace SseOrleans.Grains;

/// <summary>
/// A running total of events and their rate over the last <see cref="WindowSeconds"/> seconds, from
/// counts that arrive in batches (about one per second per silo).
/// </summary>
internal sealed class PublishRate
{
    private const int WindowSeconds = 5;
    private readonly long[] _counts = new long[WindowSeconds];
    private readonly long[] _seconds = new long[WindowSeconds];

    public long Total { get; private set; }

    public DateTimeOffset LastPublished { get; private set; }

    public void Add(long count, DateTimeOffset now)
    {
        var second = now.ToUnixTimeSeconds();
        var slot = (int)(second % WindowSeconds);
        if (_seconds[slot] != second)
        {
            _seconds[slot] = second;
            _counts[slot] = 0;
        }

        _counts[slot] += count;
        Total += count;
        LastPublished = now;
    }

    public double PerSecond(DateTimeOffset now)
    {
        var second = now.ToUnixTimeSeconds();
        long sum = 0;
        for (var slot = 0; slot < WindowSeconds; slot++)
        {
            if (second - _seconds[slot] < WindowSeconds)
            {
                sum += _counts[slot];
            }
        }

        return (double)sum / WindowSeconds;
    }
}
