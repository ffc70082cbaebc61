using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.FanOut;
using SseOrleans.FrontEnd.Wire;

namespace SseOrleans.Benchmarks.Micro;

/// <summary>
/// Fan-out and the write path, without the socket: one encoded batch handed to every connection of a
/// namespace (what <c>NamespaceFeed.OnNextAsync</c> does per batch), then one flush tick that writes
/// each connection's backlog into its response body (here one that discards).
/// </summary>
[MemoryDiagnoser]
public class FanOutBenchmarks : IDisposable
{
    private readonly FlushScheduler _scheduler = new(Options.Create(new SseOptions()), TimeProvider.System);
    private readonly CancellationTokenSource _stop = new();
    private SseConnection[] _connections = [];
    private EncodedBatch _batch = EncodedBatch.KeepAlive;

    [Params(1_000)]
    public int Connections { get; set; }

    [Params(1, 20)]
    public int BatchesPerTick { get; set; }

    internal static StreamPrelude Preamble => StreamPrelude.Create(
        TimeSpan.FromSeconds(3), "/bench", lastEventId: null, (_, _) => Task.FromResult(new EventReplay([], ReplayCompleteness.Complete, 0)), pageBytes: 1);

    [GlobalSetup]
    public void Setup()
    {
        _batch = EncodedBatch.Encode(MicroData.Events(1, MicroData.Payload(64)));
        _connections = new SseConnection[Connections];
        for (var i = 0; i < _connections.Length; i++)
        {
            _connections[i] = new SseConnection("/bench", "/subscribe/bench", "127.0.0.1", "bench", 1 << 20, _scheduler, TimeProvider.System);
            _ = _connections[i].RunAsync(new DiscardingPipeWriter(), Preamble, _stop.Token);
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

    /// <summary>Per invocation: <see cref="BatchesPerTick"/> batches to every connection, then one tick.</summary>
    [Benchmark]
    public int EnqueueAndFlush()
    {
        for (var b = 0; b < BatchesPerTick; b++)
        {
            foreach (var connection in _connections)
            {
                connection.Enqueue(_batch);
            }
        }

        return _scheduler.FlushDirty();
    }
}
