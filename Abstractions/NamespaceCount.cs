namespace SseOrleans.Abstractions;

/// <summary>A number per namespace: subscribers in a front-end report, events in a silo's publish report.</summary>
[GenerateSerializer, Immutable, Alias("sse.NamespaceCount")]
public sealed record NamespaceCount([property: Id(0)] string Namespace, [property: Id(1)] long Count);
