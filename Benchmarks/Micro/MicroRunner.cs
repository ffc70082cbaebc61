using BenchmarkDotNet.Running;

namespace SseOrleans.Benchmarks.Micro;

/// <summary>Runs the BenchmarkDotNet micro-benchmarks of the hot path; the arguments go to BenchmarkDotNet.</summary>
internal static class MicroRunner
{
    public static int Run(string[] args)
    {
        // BenchmarkDotNet's out-of-process toolchain looks for "{assembly name}.csproj", and ours is
        // Benchmarks.csproj building SseOrleans.Benchmarks (the repository's naming), so it cannot
        // generate its host project. Run in process (emit toolchain) instead.
        if (Array.IndexOf(args, "--inProcess") < 0)
        {
            args = [.. args, "--inProcess"];
        }

        var summaries = BenchmarkSwitcher.FromAssembly(typeof(MicroRunner).Assembly).Run(args);
        foreach (var summary in summaries)
        {
            if (summary.HasCriticalValidationErrors || summary.Reports.Any(report => !report.Success))
            {
                return 1;
            }
        }

        return 0;
    }
}
