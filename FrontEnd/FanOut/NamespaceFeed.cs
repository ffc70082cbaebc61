using Microsoft.Extensions.Logging;
using Orleans.Streams;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.Telemetry;
using SseOrleans.FrontEnd.Wire;

namespace SseOrleans.FrontEnd.FanOut;

/// <summary>
/// The local connections of one namespace and this process's single stream subscription for it.
/// Each batch from the stream is encoded once and the same bytes go to every connection; the counts
/// and the delivery time are recorded here, once per batch.
/// </summary>
internal sealed class NamespaceFeed(string path, INamespaceStreams streams, SseCounters counters, SseMetrics metrics, ILogger logger)
    : IAsyncObserver<EventBatch>
{
    private readonly Lock _subscribeGate = new();
    private readonly Lock _deliveryGate = new();
    private readonly List<IAsyncDisposable> _recovered = [];
    private SseConnection[] _connections = [];
    private Task<IAsyncDisposable>? _subscription;
    private bool _released;
    private SseEventId? _lastDelivered;

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

    /// <summary>
    /// Subscribes once; every caller awaits the same subscription. A subscription that failed is not
    /// kept: the next caller tries again.
    /// </summary>
    public Task SubscribeAsync()
    {
        lock (_subscribeGate)
        {
            if (_subscription is null || _subscription.IsFaulted || _subscription.IsCanceled)
            {
                _subscription = streams.SubscribeAsync(path, this);
            }

            return _subscription;
        }
    }

    /// <summary>
    /// After the cluster lost a silo: subscribes once more. Whether the existing subscription survived
    /// depends on where its pubsub state and its queue's pulling agent lived, which a client cannot
    /// see, so both are kept and <see cref="OnNextAsync"/> drops events already delivered.
    /// </summary>
    public async Task ResubscribeAsync()
    {
        var subscription = await streams.SubscribeAsync(path, this);
        lock (_subscribeGate)
        {
            if (!_released)
            {
                _recovered.Add(subscription);
                return;
            }
        }

        await UnsubscribeQuietlyAsync(subscription);
    }

    public async Task UnsubscribeAsync()
    {
        Task<IAsyncDisposable>? subscription;
        IAsyncDisposable[] recovered;
        lock (_subscribeGate)
        {
            _released = true;
            subscription = _subscription;
            recovered = [.. _recovered];
        }

        foreach (var handle in recovered)
        {
            await UnsubscribeQuietlyAsync(handle);
        }

        if (subscription is null)
        {
            return;
        }

        try
        {
            await UnsubscribeQuietlyAsync(await subscription);
        }
        catch (Exception exception)
        {
            // The subscription never came to be: nothing to undo.
            logger.UnsubscribeFailed(exception, path);
        }
    }

    /// <summary>Ends this namespace's streams so their clients reconnect (and replay).</summary>
    public void CloseConnections()
    {
        foreach (var connection in Connections)
        {
            connection.Close();
        }
    }

    public Task OnNextAsync(EventBatch item, StreamSequenceToken? token = null)
    {
        // One lock per batch: after a resubscription two subscriptions may deliver the same events.
        lock (_deliveryGate)
        {
            var events = Undelivered(item.Events);
            if (events.Length == 0)
            {
                return Task.CompletedTask;
            }

            _lastDelivered = events[^1].Id;
            var connections = Connections;
            if (connections.Length > 0)
            {
                var encoded = EncodedBatch.Encode(events);
                var tracker = new DeliveryTracker(connections.Length, metrics);
                foreach (var connection in connections)
                {
                    connection.Enqueue(encoded, tracker);
                }
            }

            counters.Broadcast(events.Length, connections.Length);
        }

        return Task.CompletedTask;
    }

    public Task OnErrorAsync(Exception ex)
    {
        // The subscription is gone: end the streams so clients reconnect (and replay) instead of
        // waiting on a dead one.
        logger.StreamFailed(ex, path);
        CloseConnections();
        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => OnErrorAsync(new InvalidOperationException("The namespace stream completed."));

    private async Task UnsubscribeQuietlyAsync(IAsyncDisposable subscription)
    {
        try
        {
            await subscription.DisposeAsync();
        }
        catch (Exception exception)
        {
            // Best effort: a subscription the cluster lost with a silo cannot be removed either.
            logger.UnsubscribeFailed(exception, path);
        }
    }

    // Sequences increase within an epoch, so "after the last delivered" is exactly "not yet
    // delivered". Another epoch (the grain was reactivated, maybe on a silo whose clock is behind)
    // is all new.
    private NamespaceEvent[] Undelivered(NamespaceEvent[] events)
    {
        if (_lastDelivered is not { } last || events.Length == 0 || !IsDelivered(events[0].Id, last))
        {
            return events;
        }

        return Array.FindAll(events, e => !IsDelivered(e.Id, last));
    }

    private static bool IsDelivered(SseEventId id, SseEventId last) =>
        id.Epoch == last.Epoch && id.Sequence <= last.Sequence;
}
