using BenchmarkDotNet.Attributes;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.Wire;

namespace SseOrleans.Benchmarks.Micro;

/// <summary>Frame encoding: one batch of events to SSE bytes, done once per batch per namespace.</summary>
[MemoryDiagnoser]
public class EncodeBenchmarks
{
    private NamespaceEvent[] _one = [];
    private NamespaceEvent[] _thirtyTwo = [];
    private NamespaceEvent[] _multiLine = [];

    [GlobalSetup]
    public void Setup()
    {
        _one = MicroData.Events(1, MicroData.Payload(64));
        _thirtyTwo = MicroData.Events(32, MicroData.Payload(64));
        _multiLine = MicroData.Events(32, MicroData.MultiLinePayload(64, lines: 4));
    }

    [Benchmark(Baseline = true)]
    public int OneEvent() => EncodedBatch.Encode(_one).Length;

    [Benchmark]
    public int ThirtyTwoEvents() => EncodedBatch.Encode(_thirtyTwo).Length;

    [Benchmark]
    public int ThirtyTwoMultiLineEvents() => EncodedBatch.Encode(_multiLine).Length;
}
