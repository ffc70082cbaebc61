using System.Net;

namespace SseOrleans.Cluster.Tests;

/// <summary>Delivery and subscriber counts across front-ends of one cluster.</summary>
public sealed class ClusterDeliveryTests(SseCluster cluster) : IClassFixture<SseCluster>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Event_published_on_one_front_end_reaches_subscribers_on_the_other_including_enclosing_namespaces()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        await using var dogs = await SseSubscription.OpenAsync(cluster.Api2, "/pets/dogs", timeout.Token);
        await using var pets = await SseSubscription.OpenAsync(cluster.Api2, "/pets", timeout.Token);
        await using var cats = await SseSubscription.OpenAsync(cluster.Api2, "/pets/cats", timeout.Token);
        await using var petsOnApi1 = await SseSubscription.OpenAsync(cluster.Api1, "/pets", timeout.Token);

        Assert.Equal(HttpStatusCode.Accepted, await SseCluster.PublishAsync(cluster.Api1, "/pets/dogs", "corgi", timeout.Token));
        Assert.Equal(HttpStatusCode.Accepted, await SseCluster.PublishAsync(cluster.Api1, "/pets/cats", "persian", timeout.Token));

        Assert.Equal("corgi", (await dogs.NextAsync(d => true, timeout.Token)).Data);
        Assert.Equal("corgi", (await pets.NextAsync(d => true, timeout.Token)).Data);
        Assert.Equal("persian", (await pets.NextAsync(d => true, timeout.Token)).Data);
        Assert.Equal("persian", (await cats.NextAsync(d => true, timeout.Token)).Data);
        Assert.Equal("corgi", (await petsOnApi1.NextAsync(d => true, timeout.Token)).Data);

        // The sibling never sees the other's events: the next thing on /pets/cats is what comes next.
        Assert.Equal(HttpStatusCode.Accepted, await SseCluster.PublishAsync(cluster.Api2, "/pets/cats", "siamese", timeout.Token));
        Assert.Equal("siamese", (await cats.NextAsync(d => true, timeout.Token)).Data);
    }

    [Fact]
    public async Task Subscriber_counts_are_summed_over_all_front_ends()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        const string Path = "/counted";
        await using var a = await SseSubscription.OpenAsync(cluster.Api1, Path, timeout.Token);
        await using var b = await SseSubscription.OpenAsync(cluster.Api1, Path, timeout.Token);
        await using var c = await SseSubscription.OpenAsync(cluster.Api2, Path, timeout.Token);

        Assert.Equal(3, await CountEventuallyAsync(Path, 3, timeout.Token));

        await b.DisposeAsync();
        Assert.Equal(2, await CountEventuallyAsync(Path, 2, timeout.Token));
    }

    /// <summary>The grain's count once it equals <paramref name="expected"/> (front-ends report on a timer).</summary>
    private async Task<int> CountEventuallyAsync(string path, int expected, CancellationToken cancellationToken)
    {
        while (true)
        {
            var count = await cluster.SubscriberCountAsync(path);
            if (count == expected || cancellationToken.IsCancellationRequested)
            {
                return count;
            }

            // Polling with a deadline: the count changes on the front-ends' report timer, not on an event.
            await Task.Delay(SseCluster.SubscriberReportInterval, CancellationToken.None);
        }
    }
}
