using System.Text.Json;
using System.Text.Json.Serialization;

namespace SseOrleans.FrontEnd.Admin;

/// <summary>Times in the status report are Unix seconds, as the ancestor wrote them.</summary>
internal sealed class UnixSecondsConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64());

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumberValue(value.ToUnixTimeSeconds());
    }
}
