using Microsoft.Extensions.Logging;
using Orleans.Streams;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.Namespaces;

namespace SseOrleans.FrontEnd.FanOut;

/// <summary>
/// One namespace on this front-end: this process's single stream subscription for it (for a while after a
/// lost gateway, more than one) and its subscribers. Each delivery from the stream (the items that piled up
/// since the last one, joined where they follow one another: <see cref="StreamItemRuns"/>) goes to the feed's
/// <see cref="FeedOrder"/>, which puts it in id order and writes it into the feed's <see cref="FeedDelivery"/>:
/// encoded once, the same bytes to every subscriber. A batch that shows a hole is held, and its repair is
/// handed to <see cref="FeedRepairs"/>.
/// </summary>
internal sealed class NamespaceFeed(
    string path,
    FeedOrder order,
    FeedDelivery delivery,
    INamespaceStreams streams,
    INamespaceGrains namespaces,
    FeedRepairs repairs,
    FeedInterest interest,
    ILogger logger) : IAsyncBatchObserver<EventBatch>
{
    private readonly Lock _subscribeGate = new();
    private readonly List<IAsyncDisposable> _recovered = [];
    private Task<IAsyncDisposable>? _subscription;
    private bool _released;

    public string Namespace => path;

    /// <summary>What is delivered next, and what a repair or a check of the newest id works on.</summary>
    public FeedOrder Order => order;

    /// <summary>The subscribers, and the one encoding of each batch they share.</summary>
    public FeedDelivery Delivery => delivery;

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
    /// see, so both are kept and the ordering drops what the other one delivered already.
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
        // First, so that no repair outlives the feed nor delivers to subscribers it no longer has.
        await repairs.StopAsync(order);
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

    public Task OnNextAsync(IList<SequentialItem<EventBatch>> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var repairDue = false;
        if (items.Count == 1)
        {
            repairDue = order.Offer(items[0].Item.Events);
        }
        else
        {
            foreach (var run in StreamItemRuns.Join(items, order.PageChars))
            {
                repairDue |= order.Offer(run);
            }
        }

        if (repairDue)
        {
            repairs.RequestAfterReorderWindow(order);
        }

        return Task.CompletedTask;
    }

    public Task OnErrorAsync(Exception ex)
    {
        // The subscription is gone: end the streams so clients reconnect (and replay) instead of
        // waiting on a dead one.
        logger.StreamFailed(ex, path);
        delivery.Close();
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

    // The namespace takes this front-end's interest first (its stream carries items from then on, and it
    // copies everything published below it) and answers its newest id in the same step: every event after it
    // is this feed's to deliver, so that even the first ones, should the stream not carry them to a
    // subscription still being made, are repaired. A namespace that does not answer promptly fails the
    // subscription (503), so the client retries rather than waits.
    private async Task<IAsyncDisposable> SubscribeFromNewestAsync()
    {
        var newest = await namespaces.ReportSubscribers(path, interest.FrontEnd, Math.Max(1, delivery.Count), interest.Lease)
            .WaitAsync(interest.Timeout);
        order.Begin(newest);
        return await streams.SubscribeAsync(path, this);
    }
}
