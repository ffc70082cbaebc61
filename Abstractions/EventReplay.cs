namespace SseOrleans.Abstractions;

/// <summary>What a namespace still has after a client's last event id.</summary>
[GenerateSerializer, Immutable, Alias("sse.EventReplay")]
public sealed record EventReplay(
    [property: Id(0)] NamespaceEvent[] Events,
    [property: Id(1)] ReplayCompleteness Completeness);
