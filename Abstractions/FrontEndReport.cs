namespace SseOrleans.Abstractions;

/// <summary>
/// One front-end's state. <see cref="Namespaces"/> (subscribers per namespace) is null when it has
/// not changed since the front-end's previous report.
/// </summary>
[GenerateSerializer, Immutable, Alias("sse.FrontEndReport")]
public sealed record FrontEndReport(
    [property: Id(0)] string FrontEnd,
    [property: Id(1)] int Connections,
    [property: Id(2)] long EventsBroadcast,
    [property: Id(3)] NamespaceCount[]? Namespaces);
