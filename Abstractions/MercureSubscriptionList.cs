namespace SseOrleans.Abstractions;

/// <summary>
/// Active subscriptions across the cluster, and the id of the newest subscription event published when the
/// list was read (<c>earliest</c> when there was none yet), for a client that then subscribes from there.
/// </summary>
[GenerateSerializer, Immutable, Alias("sse.MercureSubscriptionList")]
public sealed record MercureSubscriptionList(
    [property: Id(0)] string LastEventId,
    [property: Id(1)] MercureSubscriptionEntry[] Subscriptions);
