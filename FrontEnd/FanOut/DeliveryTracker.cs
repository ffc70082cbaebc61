using System.Diagnostics;
using SseOrleans.FrontEnd.Telemetry;

namespace SseOrleans.FrontEnd.FanOut;

/// <summary>
/// Times one fanned-out batch from its arrival on the namespace stream until the last of the
/// connections it was queued for has written it: one object per batch, one decrement per connection.
/// </summary>
internal sealed class DeliveryTracker(int writers, SseMetrics metrics)
{
    private readonly long _startTimestamp = Stopwatch.GetTimestamp();
    private int _writersLeft = writers;

    /// <summary>A connection has written the batch (or dropped it); the last one records the time.</summary>
    public void Written()
    {
        if (Interlocked.Decrement(ref _writersLeft) == 0)
        {
            metrics.BatchDelivered(_startTimestamp);
        }
    }
}
