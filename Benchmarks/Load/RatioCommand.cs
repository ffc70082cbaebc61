using System.Globalization;
using System.Text.Json;

namespace SseOrleans.Benchmarks.Load;

/// <summary>
/// <c>ratio 'RESULT {api}' 'RESULT {baseline}'</c>: the key figures of one scenario run on the Api and on
/// the baseline back to back, each as api / baseline, as one <c>RATIO {json}</c> line (and a readable
/// summary on stderr). Absolute figures on a shared machine drift between runs; ratios of runs made
/// together do much less. An empty baseline (the baseline cannot run the scenario) gives null ratios.
/// </summary>
internal static class RatioCommand
{
    public static int Run(string[] args)
    {
        if (args.Length != 2)
        {
            Console.Error.WriteLine("usage: Benchmarks ratio 'RESULT {api json}' 'RESULT {baseline json}' (the baseline may be '')");
            return 2;
        }

        try
        {
            using var api = Parse(args[0]) ?? throw new FormatException("the Api's RESULT line is empty");
            using var baseline = Parse(args[1]);
            Console.Out.WriteLine("RATIO " + Compare(api.RootElement, baseline?.RootElement).ToJson());
            return 0;
        }
        catch (Exception exception) when (exception is JsonException or FormatException)
        {
            Console.Error.WriteLine($"ratio: {exception.Message}");
            return 2;
        }
    }

    /// <summary>The figures compared for a RESULT line's mode: what the scenario is run for first.</summary>
    public static string[] KeyFigures(string? mode) => mode switch
    {
        "search" => ["max_rate", "p99_ms", "server_cpu_pct", "load_cpu_pct"],
        "idle" => ["rss_per_conn_kb", "server_rss_mb"],
        "storm" => ["connect_span_ms", "connect_p50_ms", "connect_p99_ms", "server_cpu_pct", "load_cpu_pct"],
        "herd" => ["connect_span_ms", "connect_p99_ms", "server_cpu_ms", "rss_per_conn_kb", "first_byte_p50_ms", "first_byte_new_p50_ms"],
        "publish-only" => ["accepted_per_s", "post_p50_ms", "post_p99_ms", "server_cpu_pct", "load_cpu_pct"],
        _ => ["deliveries_per_s", "loss_pct", "p50_ms", "p90_ms", "p99_ms", "max_ms", "server_cpu_pct", "load_cpu_pct",
              "server_rss_mb", "disconnects", "rss_drift_pct", "rss_range_pct"],
    };

    private static JsonDocument? Parse(string line)
    {
        var json = line.Trim();
        if (json.StartsWith("RESULT ", StringComparison.Ordinal))
        {
            json = json["RESULT ".Length..];
        }

        return json.Length == 0 ? null : JsonDocument.Parse(json);
    }

    private static ResultLine Compare(JsonElement api, JsonElement? baseline)
    {
        var scenario = Text(api, "scenario");
        var figures = new ResultLine();
        var summary = new List<string>();
        foreach (var name in KeyFigures(Text(api, "mode")))
        {
            var a = Number(api, name);
            if (double.IsNaN(a))
            {
                continue;
            }

            var b = baseline is { } other ? Number(other, name) : double.NaN;
            var ratio = double.IsFinite(b) && b != 0 ? a / b : double.NaN;
            figures.Add(name, new ResultLine().Add("api", a).Add("baseline", b).Add("ratio", ratio));
            summary.Add(string.Create(CultureInfo.InvariantCulture,
                $"  {name,-18} api {a,12:0.###}  baseline {(double.IsNaN(b) ? "n/a" : b.ToString("0.###", CultureInfo.InvariantCulture)),12}  ratio {(double.IsNaN(ratio) ? "N/A" : ratio.ToString("0.00", CultureInfo.InvariantCulture))}"));
        }

        var during = baseline is { } run
            ? string.Create(CultureInfo.InvariantCulture, $", {Number(run, "server_core_other_pct"):0}% / {Number(run, "load_core_other_pct"):0}% during the baseline's")
            : " (N/A: no baseline result)";
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{scenario}: api / baseline; other processes took {Number(api, "server_core_other_pct"):0}% / {Number(api, "load_core_other_pct"):0}% of the server's / the tool's core during the Api's run{during}"));
        foreach (var line in summary)
        {
            Console.Error.WriteLine(line);
        }

        // How much other processes took of each core during each run: a ratio of disturbed runs is suspect.
        var conditions = new ResultLine().Add("api", Conditions(api));
        if (baseline is { } measured)
        {
            conditions.Add("baseline", Conditions(measured));
        }

        return new ResultLine()
            .Add("scenario", scenario)
            .Add("mode", Text(api, "mode"))
            .Add("baseline", baseline is null ? "N/A" : "ok")
            .Add("figures", figures)
            .Add("conditions", conditions);
    }

    private static ResultLine Conditions(JsonElement line) => new ResultLine()
        .Add("server_core_other_pct", Number(line, "server_core_other_pct"))
        .Add("load_core_other_pct", Number(line, "load_core_other_pct"));

    private static string? Text(JsonElement line, string name) =>
        line.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static double Number(JsonElement line, string name) =>
        line.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : double.NaN;
}
