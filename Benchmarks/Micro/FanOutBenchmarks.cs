using System.Runtime.CompilerServices;
using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using SseOrleans.FrontEnd.FanOut;
using SseOrleans.FrontEnd.Wire;

namespace SseOrleans.Benchmarks.Micro;

/// <summary>
/// Fan-out: one encoded batch handed to every connection of a namespace (what
/// <c>NamespaceFeed.OnNextAsync</c> does per batch), without the socket writes. Each invocation
/// enqueues to all N connections, then takes the batch off every queue again the way the connection
/// writer does (TryRead), so the queues stay in their steady state instead of growing for ever.
/// The drain is in the measurement: <see cref="DrainOnly"/> shows its share.
/// </summary>
[MemoryDiagnoser]
public class FanOutBenchmarks
{
    private SseConnection[] _connections = [];
    private EncodedBatch _batch = EncodedBatch.KeepAlive;

    [Params(1_000)]
    public int Connections { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _batch = EncodedBatch.Encode(MicroData.Events(1, MicroData.Payload(64)));
        _connections = new SseConnection[Connections];
        for (var i = 0; i < _connections.Length; i++)
        {
            _connections[i] = new SseConnection("/bench", "/subscribe/bench", "127.0.0.1", "bench", 1 << 20, TimeProvider.System);
        }

        EnqueueAndDrain();
        if (QueuedBytes(_connections[0]) != 0)
        {
            throw new InvalidOperationException("SseConnection's queue bookkeeping changed; update FanOutBenchmarks.");
        }
    }

    [Benchmark(Baseline = true)]
    public int EnqueueAndDrain()
    {
        var accepted = 0;
        foreach (var connection in _connections)
        {
            accepted += connection.Enqueue(_batch) ? 1 : 0;
        }

        Drain();
        return accepted;
    }

    [Benchmark]
    public int DrainOnly() => Drain();

    private int Drain()
    {
        var drained = 0;
        foreach (var connection in _connections)
        {
            var reader = Queue(connection).Reader;
            while (reader.TryRead(out var batch))
            {
                Interlocked.Add(ref QueuedBytes(connection), -batch.Length);
                drained++;
            }
        }

        return drained;
    }

    // The writer side of SseConnection (RunAsync) needs a PipeWriter and a live request; these
    // accessors reach the queue it drains. If the fields are renamed, Setup fails loudly.
    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_queue")]
    private static extern ref Channel<EncodedBatch> Queue(SseConnection connection);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_queuedBytes")]
    private static extern ref long QueuedBytes(SseConnection connection);
}
