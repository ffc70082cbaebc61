using SseOrleans.TestSupport;

namespace SseOrleans.Cluster.Tests;

/// <summary>Delivery and subscriber counts across front-ends of one cluster.</summary>
[Collection(DeliveryCollectionDefinition.Name)]
public sealed class ClusterDeliveryTests(SseClusterFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private readonly SseCluster _cluster = fixture.Host;

    [Fact]
    public async Task Event_published_on_one_front_end_reaches_subscribers_on_the_other_including_enclosing_namespaces()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        await using var dogs = await SseClient.OpenAsync(_cluster.Api2, "/subscribe/pets/dogs", cancellationToken: timeout.Token);
        await using var pets = await SseClient.OpenAsync(_cluster.Api2, "/subscribe/pets", cancellationToken: timeout.Token);
        await using var cats = await SseClient.OpenAsync(_cluster.Api2, "/subscribe/pets/cats", cancellationToken: timeout.Token);
        await using var petsOnApi1 = await SseClient.OpenAsync(_cluster.Api1, "/subscribe/pets", cancellationToken: timeout.Token);

        await _cluster.Api1.PublishAsync("/pets/dogs", "corgi", cancellationToken: timeout.Token);
        await _cluster.Api1.PublishAsync("/pets/cats", "persian", cancellationToken: timeout.Token);

        Assert.Equal("corgi", (await dogs.NextAsync(timeout.Token)).Data);
        Assert.Equal("corgi", (await pets.NextAsync(timeout.Token)).Data);
        Assert.Equal("persian", (await pets.NextAsync(timeout.Token)).Data);
        Assert.Equal("persian", (await cats.NextAsync(timeout.Token)).Data);
        Assert.Equal("corgi", (await petsOnApi1.NextAsync(timeout.Token)).Data);

        // The sibling never sees the other's events: the next thing on /pets/cats is what comes next.
        await _cluster.Api2.PublishAsync("/pets/cats", "siamese", cancellationToken: timeout.Token);
        Assert.Equal("siamese", (await cats.NextAsync(timeout.Token)).Data);
    }

    [Fact]
    public async Task Subscriber_counts_are_summed_over_all_front_ends()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        const string Path = "/counted";
        await using var a = await SseClient.OpenAsync(_cluster.Api1, "/subscribe" + Path, cancellationToken: timeout.Token);
        await using var b = await SseClient.OpenAsync(_cluster.Api1, "/subscribe" + Path, cancellationToken: timeout.Token);
        await using var c = await SseClient.OpenAsync(_cluster.Api2, "/subscribe" + Path, cancellationToken: timeout.Token);

        // The count changes on the front-ends' report timer, not on an event.
        await Eventually.EqualAsync(3, () => _cluster.SubscriberCountAsync(Path), Timeout);

        await b.DisposeAsync();
        await Eventually.EqualAsync(2, () => _cluster.SubscriberCountAsync(Path), Timeout);
    }
}
