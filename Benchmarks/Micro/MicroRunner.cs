using BenchmarkDotNet.Running;

namespace SseOrleans.Benchmarks.Micro;

/// <summary>Runs the BenchmarkDotNet micro-benchmarks of the hot path; the arguments go to BenchmarkDotNet.</summary>
internal static class MicroRunner
{
    public static int Run(string[] args)
    {
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(MicroRunner).Assembly).Run(args);
        foreach (var summary in summaries)
        {
            if (summary.HasCriticalValidationErrors)
            {
                return 1;
            }
        }

        return 0;
    }
}
