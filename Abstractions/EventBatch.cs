namespace SseOrleans.Abstractions;

/// <summary>
/// The item on a namespace's Orleans stream: consecutive events of that namespace, in id order.
/// Batching lets a busy namespace publish once per batch instead of once per event.
/// </summary>
[GenerateSerializer, Immutable, Alias("sse.EventBatch")]
public sealed record EventBatch([property: Id(0)] NamespaceEvent[] Events);
