using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.FanOut;
using SseOrleans.FrontEnd.Namespaces;
using SseOrleans.FrontEnd.Telemetry;

namespace SseOrleans.Api.Tests.FanOut;

/// <summary>
/// A hub and its parts over <see cref="FakeNamespaceStreams"/> and <see cref="FakeNamespaceGrains"/>, for
/// fan-out tests without a cluster. The flush scheduler is not started: tests flush when they look.
/// </summary>
internal sealed class FanOutParts : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, long> _measured = [];

    public FanOutParts(SseOptions? options = null, TimeProvider? time = null)
    {
        // Repairs at once unless a test asks for a reorder window: the repair tests watch repairs start.
        Options = Microsoft.Extensions.Options.Options.Create(options ?? new SseOptions { ReorderWindow = TimeSpan.Zero });
        Time = time ?? TimeProvider.System;
        _services = new ServiceCollection()
            .AddMetrics()
            .AddSingleton(Options)
            .AddSingleton(Time)
            .AddSingleton<INamespaceStreams>(Streams)
            .AddSingleton<INamespaceGrains>(Namespaces)
            .AddSingleton<SseCounters>()
            .AddSingleton<SseMetrics>()
            .AddSingleton<FeedRepairs>()
            .AddSingleton<FrontEndIdentity>()
            .AddSingleton<FanOutHub>()
            .AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>))
            .BuildServiceProvider();
        Scheduler = new FlushScheduler(Options, TimeProvider.System);

        // This hub's instruments only: other tests' meters have the same name, not the same factory.
        var factory = _services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == factory)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            lock (_measured)
            {
                _measured[instrument.Name] = _measured.GetValueOrDefault(instrument.Name) + value;
            }
        });
        _listener.Start();
        _ = Metrics;
    }

    public IOptions<SseOptions> Options { get; }

    public TimeProvider Time { get; }

    public FakeNamespaceStreams Streams { get; } = new();

    public FakeNamespaceGrains Namespaces { get; } = new();

    public FlushScheduler Scheduler { get; }

    public IServiceProvider Services => _services;

    public FanOutHub Hub => _services.GetRequiredService<FanOutHub>();

    public SseMetrics Metrics => _services.GetRequiredService<SseMetrics>();

    public SseCounters Counters => _services.GetRequiredService<SseCounters>();

    public FeedRepairs Repairs => _services.GetRequiredService<FeedRepairs>();

    /// <summary>A feed made from its parts as the hub makes one, but not in the hub.</summary>
    public NamespaceFeed NewFeed(string path)
    {
        var delivery = new FeedDelivery(Counters, Metrics);
        var order = new FeedOrder(path, delivery, Options.Value.HistoryPageBytes, Metrics, NullLogger.Instance);
        return new NamespaceFeed(path, order, delivery, Streams, Namespaces, Repairs, new FeedInterest("test-front-end", Options.Value.SubscriberLease, Options.Value.InterestTimeout), NullLogger.Instance);
    }

    public SseConnection NewConnection(string path) =>
        new(path, "/subscribe" + path, "127.0.0.1", "test", 1 << 20, Scheduler, TimeProvider.System);

    /// <summary>A connection of <paramref name="path"/> that joined the hub and is live (optionally after a replay).</summary>
    public async Task<TestSubscriber> SubscribeAsync(string path, string? lastEventId = null)
    {
        var connection = NewConnection(path);
        Assert.Null(Hub.TryAttach(connection));
        await Hub.SubscribeAsync(connection);
        var prelude = StreamPrelude.Create(TimeSpan.FromSeconds(1), path, lastEventId, (after, maxBytes) => Namespaces.GetEventsAfter(path, after, maxBytes), Options.Value.HistoryPageBytes);
        await prelude.StartAsync();
        var body = new RecordingPipeWriter();
        return new TestSubscriber(connection, body, connection.RunAsync(body, prelude, CancellationToken.None), this);
    }

    /// <summary>The total an instrument of this hub's meter has recorded so far.</summary>
    public long Measured(string instrument)
    {
        lock (_measured)
        {
            return _measured.GetValueOrDefault(instrument);
        }
    }

    public void Dispose()
    {
        _listener.Dispose();
        Scheduler.Dispose();
        _services.Dispose();
    }
}
