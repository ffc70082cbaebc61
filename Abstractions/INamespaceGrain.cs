namespace SseOrleans.Abstractions;

/// <summary>
/// One namespace, keyed by its normalized path (<see cref="NamespacePath"/>): takes publishes (through its
/// silo's batching, as <see cref="IPublishGrain"/> does), answers replays from its history, and holds the
/// front-ends' subscriber leases, which make it take copies of what is published below it and carry items on
/// its Orleans stream (<see cref="SseStreams.ForNamespace"/>) while someone subscribes.
/// </summary>
[Alias("sse.INamespaceGrain")]
public interface INamespaceGrain : IGrainWithStringKey
{
    /// <summary>
    /// Publishes an event to this namespace, and to every enclosing one that someone subscribes to (or did within
    /// <see cref="SseOptions.HistoryMaxAge"/>); returns its id here.
    /// </summary>
    [Alias("Publish")]
    Task<SseEventId> Publish(SseEvent sseEvent);

    /// <summary>
    /// Publishes an event once: a publish with the same <paramref name="publishId"/> that this namespace
    /// already took (within <see cref="SseOptions.PublishIdRetention"/>) is not appended again; it returns
    /// the first one's id once that event is delivered. For retries after a timeout or a lost silo: a retry
    /// repeats the publish exactly; one with another name or data throws <see cref="PublishIdReusedException"/>
    /// and appends nothing.
    /// </summary>
    [Alias("PublishOnce")]
    Task<SseEventId> Publish(SseEvent sseEvent, Guid publishId);

    /// <summary>
    /// The retained events after <paramref name="lastEventId"/>, oldest first, for a client that
    /// reconnects: one page of at most <paramref name="maxBytes"/> of data (but always at least one
    /// event when any follows). <see cref="EventReplay.Completeness"/> says whether the retained events
    /// are everything the client missed; <see cref="EventReplay.Remaining"/> how many follow the id in all,
    /// so a caller pages on from the last event it got until it has them.
    /// </summary>
    [Alias("GetEventsAfter")]
    Task<EventReplay> GetEventsAfter(SseEventId lastEventId, int maxBytes);

    /// <summary>
    /// Where a Mercure subscriber that last saw the update <paramref name="mercureId"/> resumes here: the id after
    /// which every retained event was published after that update (by <see cref="NamespaceEvent.Position"/>), to
    /// read on with <see cref="GetEventsAfter"/>; null when the hub does not know the id (never used, or older than
    /// <see cref="SseOptions.HistoryMaxAge"/>).
    /// </summary>
    [Alias("FindAfterUpdate")]
    Task<SseEventId?> FindAfterUpdate(string mercureId);

    /// <summary>
    /// The newest id this namespace has given an event, <c>default</c> when it has given none. A front-end
    /// whose stream went quiet compares it with what it delivered: a lost last event is revealed by no
    /// later one.
    /// </summary>
    [Alias("GetLastEventId")]
    Task<SseEventId> GetLastEventId();

    /// <summary>
    /// A front-end reports how many of its connections subscribe to this namespace. The report is a
    /// lease: it counts until <paramref name="lease"/> has passed unless renewed. Zero withdraws it.
    /// A count above zero is interest: before it answers, the namespace's stream carries items until the lease
    /// ends, and it takes a copy of every event published below it until <see cref="SseOptions.HistoryMaxAge"/>
    /// after that. Answers the newest id (as <see cref="GetLastEventId"/>) read in the same atomic step, so
    /// every event after it reaches the reporting front-end; and the renewal the front-ends make anyway also
    /// tells them whether their stream missed events.
    /// </summary>
    [Alias("ReportSubscribers")]
    Task<SseEventId> ReportSubscribers(string frontEnd, int count, TimeSpan lease);

    /// <summary>Subscribers of exactly this namespace, summed over every front-end with a live lease.</summary>
    [Alias("GetSubscriberCount")]
    Task<int> GetSubscriberCount();
}
