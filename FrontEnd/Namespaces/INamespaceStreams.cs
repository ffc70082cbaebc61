using Orleans.Streams;
using SseOrleans.Abstractions;

namespace SseOrleans.FrontEnd.Namespaces;

/// <summary>
/// Where a feed gets its events: a subscription to a namespace's Orleans stream. Behind an interface
/// so that a feed's subscribe, retry and loss handling can be tested without a cluster.
/// </summary>
internal interface INamespaceStreams
{
    /// <summary>Subscribes <paramref name="observer"/> to the stream of <paramref name="path"/>; disposing the result unsubscribes.</summary>
    Task<IAsyncDisposable> SubscribeAsync(string path, IAsyncBatchObserver<EventBatch> observer);
}
