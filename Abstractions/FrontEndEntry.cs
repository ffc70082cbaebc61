using System.Text.Json.Serialization;

namespace SseOrleans.Abstractions;

/// <summary>
/// A front-end with a live lease, as it last reported. The JSON names are the ancestor's
/// (<c>node</c>, <c>msgs_broadcast</c>), as in the rest of <c>/admin/status.json</c>.
/// </summary>
[GenerateSerializer, Immutable, Alias("sse.FrontEndEntry")]
public sealed record FrontEndEntry(
    [property: Id(0), JsonPropertyName("node")] string FrontEnd,
    [property: Id(1)] int Connections,
    [property: Id(2), JsonPropertyName("msgs_broadcast")] long EventsBroadcast,
    [property: Id(3)] DateTimeOffset ReportedAt);
