namespace SseOrleans.Abstractions;

/// <summary>
/// An event as one namespace delivers it: its id in that namespace's sequence, its name and data,
/// the namespace it was originally published to (equal to the delivering namespace or below it), and its
/// publish's position: cluster-wide, the order in which the history store took publishes (every copy of one
/// publish has the same; within a namespace positions grow with ids). Zero where a store gave none. A Mercure
/// update also has its <see cref="MercureFields"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("sse.NamespaceEvent")]
public sealed record NamespaceEvent(
    [property: Id(0)] SseEventId Id,
    [property: Id(1)] string? Name,
    [property: Id(2)] string Data,
    [property: Id(3)] string Origin,
    [property: Id(4)] long Position = 0,
    [property: Id(5)] MercureFields? Mercure = null)
{
    /// <summary>True for a private Mercure update: only the hub delivers it, to subscribers granted one of its topics.</summary>
    public bool IsPrivate => Mercure is { Private: true };
}
