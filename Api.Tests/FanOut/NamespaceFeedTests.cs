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
