using Microsoft.Extensions.Logging;
using Orleans.Streams;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.Wire;

namespace SseOrleans.FrontEnd.FanOut;

/// <summary>
/// The local connections of one namespace and this process's single Orleans stream subscription
/// for it. Each batch from the stream is encoded once and the same bytes go to every connection.
/// </summary>
internal sealed class NamespaceFeed(string path, IClusterClient client, FanOutHub hub, ILogger logger) : IAsyncObserver<EventBatch>
{
    private readonly Lock _subscribeGate = new();
    private SseConnection[] _connections = [];
    private Task<StreamSubscriptionHandle<EventBatch>>? _subscription;

    public string Namespace => path;

    public SseConnection[] Connections => Volatile.Read(ref _connections);

    // Add and Remove run under the hub's lock; readers see a consistent array without locking.
    public void Add(SseConnection connection) => Volatile.Write(ref _connections, [.. _connections, connection]);

    public bool Remove(SseConnection connection)
    {
        var index = Array.IndexOf(_connections, connection);
        if (index < 0)
        {
            return false;
        }

        Volatile.Write(ref _connections, [.. _connections.AsSpan(0, index), .. _connections.AsSpan(index + 1)]);
        return true;
    }

    /// <summary>Subscribes once; every caller awaits the same subscription.</summary>
    public Task SubscribeAsync()
    {
        lock (_subscribeGate)
        {
            return _subscription ??= client.GetStreamProvider(SseStreams.ProviderName)
                .GetStream<EventBatch>(SseStreams.ForNamespace(path))
                .SubscribeAsync(this);
        }
    }

    public async Task UnsubscribeAsync()
    {
        Task<StreamSubscriptionHandle<EventBatch>>? subscription;
        lock (_subscribeGate)
        {
            subscription = _subscription;
        }

        if (subscription is null)
        {
            return;
        }

        try
        {
            var handle = await subscription;
            await handle.UnsubscribeAsync();
        }
        catch (Exception exception)
        {
            logger.UnsubscribeFailed(exception, path);
        }
    }

    public Task OnNextAsync(EventBatch item, StreamSequenceToken? token = null)
    {
        var connections = Connections;
        if (connections.Length > 0 && item.Events.Length > 0)
        {
            var encoded = EncodedBatch.Encode(item.Events);
            encoded.TrackDelivery(connections.Length, hub.Metrics);
            foreach (var connection in connections)
            {
                connection.Enqueue(encoded);
            }
        }

        hub.CountBroadcast(item.Events.Length, connections.Length);
        return Task.CompletedTask;
    }

    public Task OnErrorAsync(Exception ex)
    {
        // The subscription is gone: end the streams so clients reconnect (and replay) instead of
        // waiting on a dead one.
        logger.StreamFailed(ex, path);
        foreach (var connection in Connections)
        {
            connection.Close();
        }

        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => OnErrorAsync(new InvalidOperationException("The namespace stream completed."));
}
