using SseOrleans.Benchmarks.Load;
using SseOrleans.Benchmarks.Micro;

// One exe, two modes: `micro [BenchmarkDotNet args]` and `load [options]` (see BENCHMARKS.md).
var mode = args.Length > 0 ? args[0] : "";
var rest = args.Length > 0 ? args[1..] : [];
return mode switch
{
    "micro" => MicroRunner.Run(rest),
    "load" => await LoadCommand.RunAsync(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Benchmarks micro [BenchmarkDotNet args] | Benchmarks load [options] (load --help lists them)");
    return 2;
}
