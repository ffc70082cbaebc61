namespace SseOrleans.Abstractions;

/// <summary>
/// An event as one namespace delivers it: its id in that namespace's sequence, its name and data,
/// and the namespace it was originally published to (equal to the delivering namespace or below it).
/// </summary>
[GenerateSerializer, Immutable, Alias("sse.NamespaceEvent")]
public sealed record NamespaceEvent(
    [property: Id(0)] SseEventId Id,
    [property: Id(1)] string? Name,
    [property: Id(2)] string Data,
    [property: Id(3)] string Origin);
