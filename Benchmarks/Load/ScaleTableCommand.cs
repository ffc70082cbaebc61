using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SseOrleans.Benchmarks.Load;

/// <summary>
/// <c>scale-table FILE</c>: the Markdown summary of <c>Benchmarks/scale.sh</c>'s RESULT lines (other lines
/// are skipped). One table per series (the <c>series</c> field), one row per measurement and configuration
/// (<c>scenario</c>, <c>target</c>) in the order first run; where a configuration ran several times
/// (<c>REPEAT</c>) the row is its median run by the figure, with the range. Each row's ratio is against the
/// first configuration of the same series and measurement (S = 1 or F = 1 in the standard series).
/// </summary>
internal static class ScaleTableCommand
{
    private const string Header = """
        | Measurement | Silos × cores | Front-ends × cores | Figure | × first | Silo CPU-µs / publish | Front-end CPU-µs / publish (deliver: / delivery) | Silo CPU % | Silos throttled | Front-ends throttled | Other processes, core 0 / 1 |
        | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
        """;

    public static int Run(string[] args)
    {
        if (args.Length != 1)
        {
            Console.Error.WriteLine("usage: Benchmarks scale-table FILE (RESULT lines of Benchmarks/scale.sh)");
            return 2;
        }

        try
        {
            Console.Out.Write(Table(File.ReadLines(args[0])));
            return 0;
        }
        catch (Exception exception) when (exception is JsonException or IOException)
        {
            Console.Error.WriteLine($"scale-table: {exception.Message}");
            return 2;
        }
    }

    public static string Table(IEnumerable<string> lines)
    {
        var rows = new List<JsonElement>();
        foreach (var line in lines)
        {
            if (line.StartsWith("RESULT ", StringComparison.Ordinal))
            {
                using var document = JsonDocument.Parse(line["RESULT ".Length..]);
                rows.Add(document.RootElement.Clone());
            }
        }

        var text = new StringBuilder();
        foreach (var series in rows.GroupBy(row => Text(row, "series") ?? "(no series)"))
        {
            text.Append(CultureInfo.InvariantCulture, $"**{series.Key}**\n\n{Header}\n");
            foreach (var measurement in series.GroupBy(row => Text(row, "scenario")))
            {
                var first = double.NaN;
                foreach (var runs in measurement.GroupBy(row => Text(row, "target")))
                {
                    var sorted = runs.OrderBy(Figure).ToList();
                    var median = sorted[(sorted.Count - 1) / 2];
                    first = double.IsNaN(first) ? Figure(median) : first;
                    text.Append(Row(median, first, sorted.Count > 1 ? (Figure(sorted[0]), Figure(sorted[^1]), sorted.Count) : null)).Append('\n');
                }
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    private static string Row(JsonElement row, double first, (double Low, double High, int Runs)? range)
    {
        var figure = Figure(row);
        var spread = range is var (low, high, runs)
            ? $"; median of {runs} runs, {Format(low, "#,0")}–{Format(high, "#,0")}"
            : "";
        var ratio = first > 0 && double.IsFinite(figure) ? Format(figure / first, "0.00") + "×" : "";
        var other = row.TryGetProperty("core_other_pct", out var cores) && cores.ValueKind == JsonValueKind.Object
            ? string.Join(" / ", cores.EnumerateObject().Select(core => Percent(core.Value)))
            : "";
        return string.Join(" | ",
            "| " + Text(row, "scenario"),
            Nodes(row, "silos", "silo_quota_cores"),
            Nodes(row, "front_ends", "front_end_quota_cores"),
            FigureText(row) + spread,
            ratio,
            Format(Number(row, "silo_cpu_us_per_publish"), "#,0"),
            Format(Number(row, Text(row, "mode") == "search" ? "front_end_cpu_us_per_delivery" : "front_end_cpu_us_per_publish"), "#,0.#"),
            Format(Number(row, "silo_cpu_pct"), "0"),
            Percents(row, "silo_throttled_pct"),
            Percents(row, "front_end_throttled_pct"),
            other + " |");
    }

    /// <summary>What a row is run for: publishes/s accepted, or deliveries/s at the search's highest passing rate.</summary>
    private static double Figure(JsonElement row) =>
        Text(row, "mode") == "search"
            ? (Number(row, "max_rate") > 0 ? Number(row, "deliveries_per_s") : 0)
            : Number(row, "accepted_per_s");

    private static string FigureText(JsonElement row)
    {
        if (Text(row, "mode") != "search")
        {
            return $"{Format(Number(row, "accepted_per_s"), "#,0")} publishes/s (POST p99 {Format(Number(row, "post_p99_ms"), "#,0")} ms)";
        }

        return Number(row, "max_rate") > 0
            ? $"{Format(Number(row, "deliveries_per_s"), "#,0")} deliveries/s ({Format(Number(row, "max_rate"), "#,0")} events/s, p99 {Format(Number(row, "p99_ms"), "#,0")} ms)"
            : $"no rate passed (the first, {Format(Number(row, "rate"), "#,0")} events/s: loss {Format(Number(row, "loss_pct"), "0.###")}%, p99 {Format(Number(row, "p99_ms"), "#,0")} ms)";
    }

    private static string Nodes(JsonElement row, string count, string quota) =>
        $"{Format(Number(row, count), "0")} × {Format(Number(row, quota), "0.###")}";

    private static string Percents(JsonElement row, string name) =>
        row.TryGetProperty(name, out var values) && values.ValueKind == JsonValueKind.Array
            ? string.Join(", ", values.EnumerateArray().Select(Percent))
            : "";

    private static string Percent(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number ? Format(value.GetDouble(), "0") + "%" : "–";

    private static string Format(double value, string format) =>
        double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "–";

    private static string? Text(JsonElement row, string name) =>
        row.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static double Number(JsonElement row, string name) =>
        row.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : double.NaN;
}
