namespace SseOrleans.Abstractions;

/// <summary>
/// What the directory knows: live front-ends and the busiest namespaces (of <see cref="NamespacesTotal"/>).
/// Serialized as it is into <c>/admin/status.json</c>'s <c>cluster</c> (snake_case names).
/// </summary>
[GenerateSerializer, Immutable, Alias("sse.ClusterView")]
public sealed record ClusterView(
    [property: Id(0)] FrontEndEntry[] FrontEnds,
    [property: Id(1)] NamespaceEntry[] Namespaces,
    [property: Id(2)] int NamespacesTotal,
    [property: Id(3)] long EventsPublished,
    [property: Id(4)] double EventsPerSecond);
