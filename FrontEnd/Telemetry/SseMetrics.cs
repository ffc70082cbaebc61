using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SseOrleans.FrontEnd.Telemetry;

/// <summary>
/// The front-end's instruments on the <see cref="SseTelemetry.MeterName"/> meter. The counts in
/// <see cref="SseCounters"/> are observed when a collector asks (nothing on the hot path); the rest are
/// recorded per publish, per dropped client, per replay, per repair and per fanned-out batch, never
/// per connection per event.
/// </summary>
internal sealed class SseMetrics
{
    private readonly Counter<long> _published;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _replayed;
    private readonly Counter<long> _repairs;
    private readonly Counter<long> _repaired;
    private readonly Counter<long> _lost;
    private readonly Histogram<double> _deliveryDuration;

    public SseMetrics(IMeterFactory meterFactory, SseCounters counters)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(counters);
        var meter = meterFactory.Create(SseTelemetry.MeterName);
        meter.CreateObservableUpDownCounter("sse.connections", () => counters.Connections, "{connection}",
            "Open SSE connections on this front-end.");
        meter.CreateObservableCounter("sse.events.broadcast", () => counters.EventsBroadcast, "{event}",
            "Events this front-end received from namespace streams for its connections.");
        meter.CreateObservableCounter("sse.events.delivered", () => counters.EventsDelivered, "{event}",
            "Events queued to connections (one per event per connection).");
        _published = meter.CreateCounter<long>("sse.events.published", "{event}",
            "Events accepted by this front-end's publish endpoint.");
        _dropped = meter.CreateCounter<long>("sse.clients.dropped", "{connection}",
            "Connections cut off because they fell more than Sse:ConnectionBufferSize behind.");
        _replayed = meter.CreateCounter<long>("sse.events.replayed", "{event}",
            "Events replayed from history to reconnecting clients (Last-Event-ID).");
        _repairs = meter.CreateCounter<long>("sse.repairs", "{repair}",
            "Gaps in a namespace stream that this front-end filled from the namespace's history.");
        _repaired = meter.CreateCounter<long>("sse.events.repaired", "{event}",
            "Events delivered from a namespace's history because its stream had not delivered them.");
        _lost = meter.CreateCounter<long>("sse.events.lost", "{event}",
            "Events a namespace stream missed that its history no longer held (dropped by its bounds, or a history that restarted).");
        _deliveryDuration = meter.CreateHistogram("sse.delivery.duration", "s",
            "From a batch's arrival on the namespace stream to its write to the last of the connections it was queued for.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });
    }

    public void EventPublished() => _published.Add(1);

    public void ClientDropped() => _dropped.Add(1);

    public void EventsReplayed(int count)
    {
        if (count > 0)
        {
            _replayed.Add(count);
        }
    }

    /// <summary>A repair delivered <paramref name="events"/> from the history.</summary>
    public void Repaired(int events)
    {
        _repairs.Add(1);
        _repaired.Add(events);
    }

    public void EventsLost(long count)
    {
        if (count > 0)
        {
            _lost.Add(count);
        }
    }

    /// <summary>Records the time since <paramref name="startTimestamp"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public void BatchDelivered(long startTimestamp) =>
        _deliveryDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds);
}
