namespace SseOrleans.Abstractions;

/// <summary>
/// A page of what a namespace still has after a client's last event id: <see cref="Events"/>, oldest
/// first, and <see cref="Remaining"/>, the number of retained events after that id (this page's and
/// those of the pages that follow).
/// </summary>
[GenerateSerializer, Immutable, Alias("sse.EventReplay")]
public sealed record EventReplay(
    [property: Id(0)] NamespaceEvent[] Events,
    [property: Id(1)] ReplayCompleteness Completeness,
    [property: Id(2)] int Remaining);
