using System.Text.Json.Serialization;

namespace SseOrleans.FrontEnd.Admin;

/// <summary>Source-generated snake_case JSON for the status report (the ancestor's naming), times in Unix seconds.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, Converters = [typeof(UnixSecondsConverter)])]
[JsonSerializable(typeof(StatusReport))]
internal sealed partial class AdminJsonContext : JsonSerializerContext;
