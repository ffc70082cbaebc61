using Microsoft.Extensions.Logging;
using Orleans.Streams;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.Namespaces;
using SseOrleans.FrontEnd.Telemetry;
using SseOrleans.FrontEnd.Wire;

namespace SseOrleans.FrontEnd.FanOut;

/// <summary>
/// The local connections of one namespace and this process's single stream subscription for it.
/// Each batch from the stream is encoded once and the same bytes go to every connection; the counts
/// and the delivery time are recorded here, once per batch. What reaches the connections, and in what
/// order, is the <see cref="FeedSequencer"/>'s: in id order, once, with holes in the stream repaired from
/// the namespace's history.
/// </summary>
internal sealed class NamespaceFeed : IAsyncObserver<EventBatch>
{
    private readonly Lock _subscribeGate = new();
    private readonly List<IAsyncDisposable> _recovered = [];
    private readonly string _path;
    private readonly FeedServices _services;
    private readonly FeedSequencer _sequencer;
    private SseConnection[] _connections = [];
    private Task<IAsyncDisposable>? _subscription;
    private bool _released;

    public NamespaceFeed(string path, FeedServices services)
    {
        _path = path;
        _services = services;
        _sequencer = new FeedSequencer(this, services);
    }

    public string Namespace => _path;

    public SseConnection[] Connections => Volatile.Read(ref _connections);

    /// <inheritdoc cref="FeedSequencer.DeliveryMark"/>
    public long DeliveryMark => _sequencer.DeliveryMark;

    /// <inheritdoc cref="FeedSequencer.Repairing"/>
    public Task Repairing => _sequencer.Repairing;

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
                _subscription = SubscribeFromNewestAsync();
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
        var subscription = await _services.Streams.SubscribeAsync(_path, this);
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

    /// <summary>
    /// Asks the namespace for its newest id and repairs from its history what this feed has not delivered
    /// of it. For a quiet stream (a lost last event is revealed by no later one) and after a lost gateway.
    /// Never fails: a namespace that cannot answer is asked again by the next check.
    /// </summary>
    public async Task CheckNewestAsync()
    {
        var mark = _sequencer.DeliveryMark;
        SseEventId newest;
        try
        {
            newest = await _services.Namespaces.GetLastEventId(_path);
        }
        catch (Exception exception)
        {
            _services.Logger.NewestCheckFailed(exception, _path);
            return;
        }

        _sequencer.CatchUpTo(newest, mark);
    }

    /// <inheritdoc cref="FeedSequencer.CatchUpTo"/>
    public void CatchUpTo(SseEventId newest, long mark) => _sequencer.CatchUpTo(newest, mark);

    /// <inheritdoc cref="FeedSequencer.TakeIdle"/>
    public bool TakeIdle() => _sequencer.TakeIdle();

    public async Task UnsubscribeAsync()
    {
        // First, so that no repair outlives the feed nor writes to connections it no longer has.
        await _sequencer.StopAsync();
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
            _services.Logger.UnsubscribeFailed(exception, _path);
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
        _sequencer.OnBatch(item.Events);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Encodes events once (behind <paramref name="comment"/>, when the sequencer has something to tell)
    /// and queues the same bytes to every connection. Called by the <see cref="FeedSequencer"/>, in order.
    /// </summary>
    public void FanOut(NamespaceEvent[] events, string? comment)
    {
        var connections = Connections;
        if (connections.Length > 0)
        {
            var encoded = EncodedBatch.Encode(events, comment);
            var tracker = new DeliveryTracker(connections.Length, _services.Metrics);
            foreach (var connection in connections)
            {
                connection.Enqueue(encoded, tracker);
            }
        }

        _services.Counters.Broadcast(events.Length, connections.Length);
    }

    public Task OnErrorAsync(Exception ex)
    {
        // The subscription is gone: end the streams so clients reconnect (and replay) instead of
        // waiting on a dead one.
        _services.Logger.StreamFailed(ex, _path);
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
            _services.Logger.UnsubscribeFailed(exception, _path);
        }
    }

    // The newest id is read before the subscription is made: every event after it is this feed's to
    // deliver, so that even the first ones, should the stream lose them, are repaired.
    private async Task<IAsyncDisposable> SubscribeFromNewestAsync()
    {
        _sequencer.Begin(await _services.Namespaces.GetLastEventId(_path));
        return await _services.Streams.SubscribeAsync(_path, this);
    }
}
