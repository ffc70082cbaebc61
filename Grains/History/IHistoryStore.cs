using SseOrleans.Abstractions;

namespace SseOrleans.Grains.History;

/// <summary>
/// Where namespace histories live (<c>Sse:History:ProviderType</c>): in this process's memory, or in Redis.
/// One per silo. Every operation is atomic against every other (Redis runs one script at a time; memory takes
/// one lock): that an append reads interest and writes its copies in one step is what makes "every event
/// accepted after a subscription was answered reaches it" exact without forwarding anything.
/// </summary>
internal interface IHistoryStore
{
    /// <summary>
    /// Appends a batch of publishes, to many namespaces at once: each to its target and to every proper
    /// ancestor of the target whose interest is kept (<see cref="ReportInterestAsync"/>). Throws
    /// <see cref="HistoryUnavailableException"/> when it could not be written (then nothing was numbered).
    /// </summary>
    Task<StoreAppend> AppendAsync(IReadOnlyList<PublishRequest> batch);

    /// <summary>
    /// Someone subscribes to <paramref name="path"/>: its stream carries items until <paramref name="liveUntil"/>,
    /// and it takes copies of what is published below it until <paramref name="keepUntil"/> (neither is ever
    /// lowered). Answers the namespace's newest id, read in the same atomic step: every event after it is
    /// copied here.
    /// </summary>
    Task<SseEventId> ReportInterestAsync(string path, DateTimeOffset liveUntil, DateTimeOffset keepUntil);

    /// <summary>The newest id of <paramref name="path"/>; <c>default</c> when it has none.</summary>
    Task<SseEventId> ReadLastIdAsync(string path);

    /// <summary>
    /// Where a Mercure replay after the update <paramref name="mercureId"/> starts in <paramref name="path"/>: the id
    /// after which its retained events were all published after that update (by position); null when the id is
    /// not in the index (never used, or older than the history's age).
    /// </summary>
    Task<SseEventId?> FindAfterUpdateAsync(string path, string mercureId);

    /// <summary>A page of the retained events after <paramref name="lastEventId"/> (see <see cref="INamespaceGrain.GetEventsAfter"/>).</summary>
    Task<EventReplay> ReadAfterAsync(string path, SseEventId lastEventId, int maxBytes);
}
