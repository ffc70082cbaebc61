using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using SseOrleans.Api.Tests.Infrastructure;
using SseOrleans.FrontEnd.Telemetry;
using SseOrleans.TestSupport;

namespace SseOrleans.Api.Tests.Admin;

[Collection(AdminCollectionDefinition.Name)]
public sealed class SseMetricsTests(AdminFixture fixture) : IDisposable
{
    private readonly ApiHost _host = fixture.Host;
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, double> _totals = new();
    private readonly ConcurrentDictionary<string, double> _observed = new();

    [Fact]
    public async Task Front_end_instruments_report_connections_publishes_deliveries_and_delivery_duration()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        Listen();
        var ns = TestNamespace.Unique("/metrics/");
        _listener.RecordObservableInstruments();
        var connectionsBefore = _observed["sse.connections"];
        var deliveredBefore = _observed["sse.events.delivered"];

        await using var first = await SseClient.OpenAsync(_host.Http, "/subscribe" + ns, userAgent: "metrics");
        await using var second = await SseClient.OpenAsync(_host.Http, "/subscribe" + ns, userAgent: "metrics");
        await _host.Http.PublishAsync(ns, "measured", cancellationToken: timeout.Token);

        Assert.Equal("measured", (await first.NextAsync()).Data);
        Assert.Equal("measured", (await second.NextAsync()).Data);
        _listener.RecordObservableInstruments();

        Assert.Equal(connectionsBefore + 2, _observed["sse.connections"]);
        Assert.True(_observed["sse.events.delivered"] - deliveredBefore >= 2);
        Assert.True(_observed["sse.events.broadcast"] >= 1);
        Assert.True(_totals.GetValueOrDefault("sse.events.published") >= 1);

        // Both connections have written the batch, so its delivery duration has been recorded.
        var duration = Assert.Contains("sse.delivery.duration", (IDictionary<string, double>)_totals);
        Assert.InRange(duration, 0, 20);
    }

    [Fact]
    public async Task Events_replayed_to_a_reconnecting_client_are_counted()
    {
        Listen();
        var ns = TestNamespace.Unique("/metrics-replay/");
        var ids = await _host.Orleans.PublishNumberedAsync(ns, 3);

        await using (var resumed = await SseClient.OpenAsync(_host.Http, "/subscribe" + ns, lastEventId: ids[0].ToString()))
        {
            Assert.Equal(["1", "2"], (await resumed.NextAsync(2)).Select(e => e.Data));
        }

        // Counted when the stream ends, once per connection.
        await Eventually.EqualAsync(2d, () => Task.FromResult(_totals.GetValueOrDefault("sse.events.replayed")));
    }

    [Fact]
    public void Meter_name_matches_the_service_defaults()
    {
        Assert.Equal(ServiceDefaults.Extensions.SseOrleansTelemetryName, SseTelemetry.MeterName);
    }

    public void Dispose() => _listener.Dispose();

    private void Listen()
    {
        // Only this host's meter: other hosts in the process create meters of the same name.
        var factory = _host.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == SseTelemetry.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => Record(instrument, value));
        _listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => Record(instrument, value));
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => Record(instrument, value));
        _listener.Start();
    }

    private void Record(Instrument instrument, double value)
    {
        if (instrument.IsObservable)
        {
            _observed[instrument.Name] = value;
        }
        else
        {
            _totals.AddOrUpdate(instrument.Name, value, (_, total) => total + value);
        }
    }
}
