using Orleans.Streams;
using SseOrleans.Abstractions;

namespace SseOrleans.FrontEnd.Namespaces;

/// <summary>The namespace streams of the cluster this process is a client of (or a silo in).</summary>
internal sealed class OrleansNamespaceStreams(IClusterClient client) : INamespaceStreams
{
    public async Task<IAsyncDisposable> SubscribeAsync(string path, IAsyncBatchObserver<EventBatch> observer)
    {
        var stream = client.GetStreamProvider(SseStreams.ProviderName).GetStream<EventBatch>(SseStreams.ForNamespace(path));
        return new Subscription(await stream.SubscribeAsync(observer));
    }

    private sealed class Subscription(StreamSubscriptionHandle<EventBatch> handle) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => new(handle.UnsubscribeAsync());
    }
}
