using System.Text.Json.Serialization;

namespace SseOrleans.FrontEnd.Admin;

/// <summary>Source-generated snake_case JSON for the status report (the ancestor's naming).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(StatusReport))]
internal sealed partial class AdminJsonContext : JsonSerializerContext;
