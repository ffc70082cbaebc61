using SseOrleans.Abstractions;

namespace SseOrleans.Api.Tests.FanOut;

public sealed class NamespaceFeedTests : IDisposable
{
    private readonly FanOutParts _parts = new();

    public void Dispose() => _parts.Dispose();

    [Fact]
    public async Task A_subscription_that_failed_is_tried_again_by_the_next_connection()
    {
        var feed = _parts.NewFeed("/flaky");
        _parts.Streams.Failing = true;
        await Assert.ThrowsAsync<OrleansException>(feed.SubscribeAsync);

        _parts.Streams.Failing = false;
        await feed.SubscribeAsync();

        Assert.Equal(2, _parts.Streams.Attempts);
        Assert.Single(_parts.Streams.Observers);
    }

    [Fact]
    public async Task A_new_feed_reports_its_interest_before_it_subscribes_and_begins_at_the_newest_id_answered()
    {
        _parts.Namespaces.Append("/interested", "before");
        var feed = _parts.NewFeed("/interested");

        await feed.SubscribeAsync();

        Assert.Equal(("/interested", 1), await _parts.Namespaces.NextReportAsync(CancellationToken.None));
        Assert.Equal(1, _parts.Streams.Attempts);
        var after = _parts.Namespaces.Append("/interested", "after");
        Assert.False(feed.Order.Offer(after)); // follows the newest id answered: delivered, no repair
        Assert.Equal(1, feed.Order.DeliveryMark);
    }

    [Fact]
    public async Task Stream_items_that_piled_up_reach_the_subscribers_in_one_delivery_as_one_batch()
    {
        var client = await _parts.SubscribeAsync("/piled");
        var feed = Assert.Single(_parts.Hub.Feeds());

        await Assert.Single(_parts.Streams.Observers).DeliverAsync(
            _parts.Namespaces.Append("/piled", "a"), _parts.Namespaces.Append("/piled", "b", "c"), _parts.Namespaces.Append("/piled", "d"));

        Assert.Equal(["a", "b", "c", "d"], client.Data);
        Assert.Equal(1, feed.Order.DeliveryMark);
    }

    [Fact]
    public async Task A_delivery_with_a_hole_between_its_items_is_repaired_from_the_history_in_order()
    {
        var client = await _parts.SubscribeAsync("/holed");
        var feed = Assert.Single(_parts.Hub.Feeds());
        var first = _parts.Namespaces.Append("/holed", "a");
        _parts.Namespaces.Append("/holed", "lost on the stream");
        var third = _parts.Namespaces.Append("/holed", "c");

        await Assert.Single(_parts.Streams.Observers).DeliverAsync(first, third);
        await _parts.Repairs.Running(feed.Order).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(["a", "lost on the stream", "c"], client.Data);
        Assert.Equal(1, _parts.Measured("sse.repairs"));
    }

    [Fact]
    public async Task A_namespace_that_does_not_take_the_interest_in_time_fails_the_subscription_before_any_stream_subscription()
    {
        using var parts = new FanOutParts(new SseOptions { ReorderWindow = TimeSpan.Zero, InterestTimeout = TimeSpan.FromMilliseconds(100) });
        var feed = parts.NewFeed("/stalled");
        parts.Namespaces.HoldReports();

        await Assert.ThrowsAsync<TimeoutException>(feed.SubscribeAsync);
        Assert.Equal(0, parts.Streams.Attempts);

        parts.Namespaces.ReleaseReports();
        await feed.SubscribeAsync();
        Assert.Equal(1, parts.Streams.Attempts);
    }

    [Fact]
    public async Task Connections_that_subscribe_together_share_one_subscription()
    {
        var feed = _parts.NewFeed("/shared");
        await Task.WhenAll(feed.SubscribeAsync(), feed.SubscribeAsync(), feed.SubscribeAsync());
        Assert.Equal(1, _parts.Streams.Attempts);
    }

    [Fact]
    public async Task Releasing_a_feed_ends_its_subscription_and_those_made_in_recovery()
    {
        var feed = _parts.NewFeed("/released");
        await feed.SubscribeAsync();
        await feed.ResubscribeAsync();

        await feed.UnsubscribeAsync();

        Assert.Equal(2, _parts.Streams.Unsubscribed);
    }
}
