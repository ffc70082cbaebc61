using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Providers.Streams.Common;
using Orleans.Streams;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.FanOut;
using SseOrleans.FrontEnd.Telemetry;

namespace SseOrleans.Benchmarks.Micro;

/// <summary>
/// A namespace feed's per-batch path: a batch that follows the last delivered one is put in order, encoded
/// once and queued to every connection of the namespace, then one flush tick writes them (into bodies
/// that discard). The ids and the batch are made per invocation, the same in every version of the feed.
/// </summary>
[MemoryDiagnoser]
public class FeedBenchmarks : IDisposable
{
    private readonly FlushScheduler _scheduler = new(Options.Create(new SseOptions()), TimeProvider.System);
    private readonly CancellationTokenSource _stop = new();
    private readonly string _data = MicroData.Payload(64);
    private ServiceProvider? _services;
    private NamespaceFeed? _feed;
    private static readonly StreamSequenceToken Token = new EventSequenceTokenV2(0);
    private long _sequence;

    [Params(1, 1_000)]
    public int Connections { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _services = new ServiceCollection().AddMetrics().AddSingleton<SseCounters>().AddSingleton<SseMetrics>().BuildServiceProvider();
        var metrics = _services.GetRequiredService<SseMetrics>();
        var delivery = new FeedDelivery(_services.GetRequiredService<SseCounters>(), metrics);
        var order = new FeedOrder("/bench", delivery, new SseOptions().HistoryPageBytes, metrics, NullLogger.Instance);

        // The stream, the grains and the repairs are not reached on this path.
        _feed = new NamespaceFeed("/bench", order, delivery, null!, null!, null!, default, NullLogger.Instance);
        for (var i = 0; i < Connections; i++)
        {
            var connection = new SseConnection("/bench", "/subscribe/bench", "127.0.0.1", "bench", 1 << 20, _scheduler, TimeProvider.System);
            _ = connection.RunAsync(new DiscardingPipeWriter(), FanOutBenchmarks.Preamble, _stop.Token);
            delivery.Add(connection);
        }

        _scheduler.FlushDirty();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _stop.Cancel();
        _services?.Dispose();
    }

    public void Dispose()
    {
        _stop.Dispose();
        _scheduler.Dispose();
        _services?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Per invocation: one batch of one event that follows the last, then one tick.</summary>
    [Benchmark]
    public int DeliverAndFlush()
    {
        var batch = new EventBatch([new NamespaceEvent(new SseEventId(MicroData.Epoch, ++_sequence), "tick", _data, "/bench")]);
        _ = _feed!.OnNextAsync([new SequentialItem<EventBatch>(batch, Token)]);
        return _scheduler.FlushDirty();
    }
}
