using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.FanOut;
using SseOrleans.FrontEnd.Telemetry;

namespace SseOrleans.Api.Tests.FanOut;

/// <summary>A hub and its parts over <see cref="FakeNamespaceStreams"/>, for fan-out tests without a cluster.</summary>
internal sealed class FanOutParts : IDisposable
{
    private readonly ServiceProvider _services;

    public FanOutParts(SseOptions? options = null)
    {
        Options = Microsoft.Extensions.Options.Options.Create(options ?? new SseOptions());
        _services = new ServiceCollection()
            .AddMetrics()
            .AddSingleton(Options)
            .AddSingleton<INamespaceStreams>(Streams)
            .AddSingleton<SseCounters>()
            .AddSingleton<SseMetrics>()
            .AddSingleton<FanOutHub>()
            .AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>))
            .BuildServiceProvider();
        Scheduler = new FlushScheduler(Options, TimeProvider.System);
    }

    public IOptions<SseOptions> Options { get; }

    public FakeNamespaceStreams Streams { get; } = new();

    public FlushScheduler Scheduler { get; }

    public IServiceProvider Services => _services;

    public FanOutHub Hub => _services.GetRequiredService<FanOutHub>();

    public SseMetrics Metrics => _services.GetRequiredService<SseMetrics>();

    public SseCounters Counters => _services.GetRequiredService<SseCounters>();

    public NamespaceFeed NewFeed(string path) => new(path, Streams, Counters, Metrics, NullLogger.Instance);

    public SseConnection NewConnection(string path) =>
        new(path, "/subscribe" + path, "127.0.0.1", "test", 1 << 20, Scheduler, TimeProvider.System);

    public void Dispose()
    {
        Scheduler.Dispose();
        _services.Dispose();
    }
}
