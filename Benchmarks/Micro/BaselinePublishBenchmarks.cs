using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;
using SseOrleans.Abstractions;
using SseOrleans.Benchmarks.Baseline;
using SseOrleans.FrontEnd.FanOut;

namespace SseOrleans.Benchmarks.Micro;

/// <summary>
/// The baseline's publish without the sockets: one event numbered and encoded in <c>/bench</c> (and
/// numbered in <c>/</c>), enqueued to every connection of <c>/bench</c>, then one flush tick into
/// discarding bodies. Allocated bytes that do not grow with <see cref="Connections"/> show that the
/// baseline allocates nothing per event per connection.
/// </summary>
[MemoryDiagnoser]
public class BaselinePublishBenchmarks : IDisposable
{
    private readonly FlushScheduler _scheduler = new(Options.Create(new SseOptions()), TimeProvider.System);
    private readonly BaselineHub _hub = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly string _data = MicroData.Payload(64);

    [Params(10, 1_000)]
    public int Connections { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        for (var i = 0; i < Connections; i++)
        {
            var connection = new SseConnection("/bench", "/subscribe/bench", "127.0.0.1", "bench", 1 << 20, _scheduler, TimeProvider.System);
            _hub.TryAttach(connection);
            _ = connection.RunAsync(new DiscardingPipeWriter(), FanOutBenchmarks.Preamble, _stop.Token);
        }

        _scheduler.FlushDirty();
    }

    [GlobalCleanup]
    public void Cleanup() => _stop.Cancel();

    public void Dispose()
    {
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark]
    public int PublishAndFlush()
    {
        _hub.Publish("/bench", "tick", _data);
        return _scheduler.FlushDirty();
    }
}
