using System.Diagnostics;
using System.Diagnostics.Metrics;
using SseOrleans.FrontEnd.FanOut;

namespace SseOrleans.FrontEnd.Telemetry;

/// <summary>
/// The front-end's instruments on the <see cref="SseTelemetry.MeterName"/> meter. Counts the hub
/// already keeps are observed when a collector asks (nothing on the hot path); the rest are recorded
/// per publish, per dropped client, per replay and per fanned-out batch, never per connection per event.
/// </summary>
public sealed class SseMetrics
{
    private readonly Counter<long> _published;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _replayed;
    private readonly Histogram<double> _deliveryDuration;
    private FanOutHub? _hub;

    public SseMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(SseTelemetry.MeterName);
        meter.CreateObservableUpDownCounter("sse.connections", () => _hub?.ConnectionCount ?? 0, "{connection}",
            "Open SSE connections on this front-end.");
        meter.CreateObservableCounter("sse.events.broadcast", () => _hub?.EventsBroadcast ?? 0, "{event}",
            "Events this front-end received from namespace streams for its connections.");
        meter.CreateObservableCounter("sse.events.delivered", () => _hub?.EventsDelivered ?? 0, "{event}",
            "Events queued to connections (one per event per connection).");
        _published = meter.CreateCounter<long>("sse.events.published", "{event}",
            "Events accepted by this front-end's publish endpoint.");
        _dropped = meter.CreateCounter<long>("sse.clients.dropped", "{connection}",
            "Connections cut off because they fell more than Sse:ConnectionBufferSize behind.");
        _replayed = meter.CreateCounter<long>("sse.events.replayed", "{event}",
            "Events replayed from history to reconnecting clients (Last-Event-ID).");
        _deliveryDuration = meter.CreateHistogram("sse.delivery.duration", "s",
            "From a batch's arrival on the namespace stream to its write to the last of the connections it was queued for.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });
    }

    /// <summary>The hub whose counts the observable instruments report (the hub registers itself).</summary>
    internal void Observe(FanOutHub hub) => Volatile.Write(ref _hub, hub);

    public void EventPublished() => _published.Add(1);

    public void ClientDropped() => _dropped.Add(1);

    public void EventsReplayed(int count)
    {
        if (count > 0)
        {
            _replayed.Add(count);
        }
    }

    /// <summary>Records the time since <paramref name="startTimestamp"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public void BatchDelivered(long startTimestamp) =>
        _deliveryDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds);
}
