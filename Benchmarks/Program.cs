using SseOrleans.Benchmarks.Baseline;
using SseOrleans.Benchmarks.Chaos;
using SseOrleans.Benchmarks.Load;
using SseOrleans.Benchmarks.Micro;

// One exe, six modes (see BENCHMARKS.md): `micro [BenchmarkDotNet args]`, `load [options]`,
// `baseline [--urls URL]` (the server to compare with), `ratio API_RESULT BASELINE_RESULT`,
// `scale-table FILE` (the summary of scale.sh's RESULT lines) and `chaos [options]` (faults under load).
var mode = args.Length > 0 ? args[0] : "";
var rest = args.Length > 0 ? args[1..] : [];
return mode switch
{
    "micro" => MicroRunner.Run(rest),
    "load" => await LoadCommand.RunAsync(rest),
    "baseline" => await BaselineServer.RunAsync(rest),
    "ratio" => RatioCommand.Run(rest),
    "scale-table" => ScaleTableCommand.Run(rest),
    "chaos" => await ChaosCommand.RunAsync(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine(
        "usage: Benchmarks micro [BenchmarkDotNet args] | load [options] (load --help) | baseline [--urls URL] (baseline --help) | ratio 'RESULT {api}' 'RESULT {baseline}' | scale-table FILE | chaos [options] (chaos --help)");
    return 2;
}
