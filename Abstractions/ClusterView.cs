namespace SseOrleans.Abstractions;

/// <summary>What the directory knows: live front-ends and the busiest namespaces (of <see cref="NamespaceTotal"/>).</summary>
[GenerateSerializer, Immutable, Alias("sse.ClusterView")]
public sealed record ClusterView(
    [property: Id(0)] FrontEndEntry[] FrontEnds,
    [property: Id(1)] NamespaceEntry[] Namespaces,
    [property: Id(2)] int NamespaceTotal,
    [property: Id(3)] long EventsPublished,
    [property: Id(4)] double EventsPerSecond);
