namespace SseOrleans.Abstractions;

/// <summary>
/// A namespace in the cluster view: subscribers of exactly it across all front-ends, events published
/// to exactly it since the directory started counting, and their recent rate per second.
/// </summary>
[GenerateSerializer, Immutable, Alias("sse.NamespaceEntry")]
public sealed record NamespaceEntry(
    [property: Id(0)] string Namespace,
    [property: Id(1)] int Subscribers,
    [property: Id(2)] long Published,
    [property: Id(3)] double PublishedPerSecond);
