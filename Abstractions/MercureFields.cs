namespace SseOrleans.Abstractions;

/// <summary>
/// What a Mercure update carries besides its type and data, kept on every copy of it so that the hub reads
/// nothing else to deliver or replay it: its id (the publisher's, verbatim), its topics (the first canonical),
/// whether it is private (then it never appears on <c>/subscribe</c>), and its reconnection time in ms (0: none).
/// </summary>
[GenerateSerializer, Immutable, Alias("sse.MercureFields")]
public sealed record MercureFields(
    [property: Id(0)] string Id,
    [property: Id(1)] string[] Topics,
    [property: Id(2)] bool Private,
    [property: Id(3)] ulong Retry);
