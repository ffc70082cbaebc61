using System.Text;
using System.Text.Json;

namespace SseOrleans.Benchmarks.Load;

/// <summary>
/// The one machine-readable line a run prints to stdout: <c>RESULT {json}</c>, fields in the order
/// added. Numbers are rounded to 3 decimals; NaN (not measured) is written as null.
/// </summary>
internal sealed class ResultLine
{
    private readonly List<KeyValuePair<string, object?>> _fields = [];

    public ResultLine Add(string name, object? value)
    {
        _fields.Add(new(name, value));
        return this;
    }

    /// <summary>Adds the CPU fields of the window from <paramref name="before"/> to <paramref name="after"/>.</summary>
    public ResultLine AddCpu(ProcessSample after, ProcessSample before) => after.AddCpuTo(this, before);

    /// <summary>Adds a cluster's fields over the window (all of them, or with <paramref name="brief"/> only the CPU per role), if there is one.</summary>
    public ResultLine AddCluster((ClusterSample Before, ClusterSample After)? window, double acceptedPerSecond, double deliveriesPerSecond, bool brief = false)
    {
        if (window is (var before, var after))
        {
            if (brief)
            {
                Add("silo_cpu_pct", after.CpuPercentSince(before, ClusterNode.Silo)).Add("front_end_cpu_pct", after.CpuPercentSince(before, ClusterNode.FrontEnd));
            }
            else
            {
                after.AddTo(this, before, acceptedPerSecond, deliveriesPerSecond);
            }
        }

        return this;
    }

    /// <summary>Adds the samples' fields, if there are any.</summary>
    public ResultLine AddSamples(RssSamples? samples)
    {
        samples?.AddTo(this);
        return this;
    }

    public override string ToString() => "RESULT " + ToJson();

    /// <summary>The fields as one JSON object, without the <c>RESULT</c> prefix.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            Write(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        foreach (var (name, value) in _fields)
        {
            writer.WritePropertyName(name);
            WriteValue(writer, value);
        }

        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case int number:
                writer.WriteNumberValue(number);
                break;
            case long number:
                writer.WriteNumberValue(number);
                break;
            case double number when double.IsFinite(number):
                writer.WriteNumberValue(Math.Round(number, 3));
                break;
            case double:
                writer.WriteNullValue();
                break;
            case ResultLine nested:
                nested.Write(writer);
                break;
            case IEnumerable<double> numbers:
                writer.WriteStartArray();
                foreach (var number in numbers)
                {
                    WriteValue(writer, number);
                }

                writer.WriteEndArray();
                break;
            case IEnumerable<ResultLine> items:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    item.Write(writer);
                }

                writer.WriteEndArray();
                break;
            default:
                throw new ArgumentException($"unsupported result value {value.GetType()}", nameof(value));
        }
    }
}
