using BenchmarkDotNet.Attributes;
using SseOrleans.Abstractions;

namespace SseOrleans.Benchmarks.Micro;

/// <summary>Namespace parsing, done for every subscribe and publish request.</summary>
[MemoryDiagnoser]
public class NamespacePathBenchmarks
{
    // Fields, not constants: the inputs come from requests, not from the compiler.
    private readonly string _short = "/pets";
    private readonly string _deep = "/region/europe/country/france/city/paris/district/11/street/oberkampf/building/42/floor/3";
    private readonly string _unnormalized = "pets/dogs/";

    [Benchmark(Baseline = true)]
    public bool ShortPath() => NamespacePath.TryNormalize(_short, out _, out _);

    /// <summary>14 segments, 89 characters.</summary>
    [Benchmark]
    public bool DeepPath() => NamespacePath.TryNormalize(_deep, out _, out _);

    /// <summary>A trailing slash and no leading one: the two cases that make a new string.</summary>
    [Benchmark]
    public bool UnnormalizedPath() => NamespacePath.TryNormalize(_unnormalized, out _, out _);
}
