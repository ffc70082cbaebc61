namespace SseOrleans.Abstractions;

/// <summary>A front-end with a live lease, as it last reported.</summary>
[GenerateSerializer, Immutable, Alias("sse.FrontEndEntry")]
public sealed record FrontEndEntry(
    [property: Id(0)] string FrontEnd,
    [property: Id(1)] int Connections,
    [property: Id(2)] long EventsBroadcast,
    [property: Id(3)] DateTimeOffset ReportedAt);
