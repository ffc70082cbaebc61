namespace SseOrleans.Abstractions;

/// <summary>A subscription that started (<see cref="Active"/>) or ended on a front-end.</summary>
[GenerateSerializer, Immutable, Alias("sse.MercureSubscriptionChange")]
public sealed record MercureSubscriptionChange(
    [property: Id(0)] MercureSubscriptionEntry Entry,
    [property: Id(1)] bool Active);
