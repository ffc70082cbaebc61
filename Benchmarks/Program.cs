using SseOrleans.Benchmarks.Baseline;
using SseOrleans.Benchmarks.Load;
using SseOrleans.Benchmarks.Micro;

// One exe, three modes (see BENCHMARKS.md): `micro [BenchmarkDotNet args]`, `load [options]` and
// `baseline [--urls URL]` (the server to compare with).
var mode = args.Length > 0 ? args[0] : "";
var rest = args.Length > 0 ? args[1..] : [];
return mode switch
{
    "micro" => MicroRunner.Run(rest),
    "load" => await LoadCommand.RunAsync(rest),
    "baseline" => await BaselineServer.RunAsync(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine(
        "usage: Benchmarks micro [BenchmarkDotNet args] | load [options] (load --help) | baseline [--urls URL] (baseline --help)");
    return 2;
}
