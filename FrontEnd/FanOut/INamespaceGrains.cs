using SseOrleans.Abstractions;

namespace SseOrleans.FrontEnd.FanOut;

/// <summary>
/// The namespace grain calls the fan-out makes: the history and newest id its feeds repair gaps from,
/// and the subscriber reports. Behind an interface, like <see cref="INamespaceStreams"/>, so that repairs
/// and reports can be tested without a cluster.
/// </summary>
internal interface INamespaceGrains
{
    /// <inheritdoc cref="INamespaceGrain.GetEventsAfter"/>
    Task<EventReplay> GetEventsAfter(string path, SseEventId after, int maxBytes);

    /// <inheritdoc cref="INamespaceGrain.GetLastEventId"/>
    Task<SseEventId> GetLastEventId(string path);

    /// <inheritdoc cref="INamespaceGrain.ReportSubscribers"/>
    Task<SseEventId> ReportSubscribers(string path, string frontEnd, int count, TimeSpan lease);
}
