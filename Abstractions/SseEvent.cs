namespace SseOrleans.Abstractions;

/// <summary>An event as a publisher hands it in: an optional SSE event name and the data.</summary>
[GenerateSerializer, Immutable, Alias("sse.SseEvent")]
public sealed record SseEvent([property: Id(0)] string? Name, [property: Id(1)] string Data);
