using SseOrleans.Abstractions;

namespace SseOrleans.Grains.History;

/// <summary>
/// What an append did. <see cref="Ids"/>: per publish, its id in its target (a new one, or the id of the
/// earlier publish it repeats or whose publish id it reused). <see cref="Namespaces"/>: every namespace that
/// took new events, with them in id order and whether its stream is live (someone subscribes), in the order the
/// store first touched them. <see cref="Refusals"/>: per publish, why nothing was appended for it; null when
/// no publish of the batch was refused.
/// </summary>
internal sealed record StoreAppend(SseEventId[] Ids, NamespaceAppend[] Namespaces, PublishRefusal[]? Refusals = null)
{
    public PublishRefusal RefusalOf(int index) => Refusals is null ? PublishRefusal.None : Refusals[index];
}
