using Microsoft.Extensions.DependencyInjection;
using Orleans.Streams.PubSub;
using SseOrleans.Abstractions;
using SseOrleans.Api.Tests.Infrastructure;
using SseOrleans.FrontEnd.FanOut;
using SseOrleans.TestSupport;

namespace SseOrleans.Api.Tests.Http;

[Collection(ApiCollectionDefinition.Name)]
public sealed class SharedSubscriptionTests(ApiFixture fixture)
{
    private readonly ApiHost _host = fixture.Host;

    [Fact]
    public async Task Many_connections_to_a_namespace_share_one_Orleans_subscription_released_with_the_last()
    {
        const string Path = "/shared";
        var clients = new List<SseClient>();
        for (var i = 0; i < 25; i++)
        {
            clients.Add(await SseClient.OpenAsync(_host.Http, "/subscribe" + Path));
        }

        Assert.Equal(1, await OrleansSubscriptionCount(Path));
        Assert.Equal(25, _host.Services.GetRequiredService<FanOutHub>().SubscriberCounts()[Path]);

        await _host.Http.PostAsync("/publish" + Path, new StringContent("to everyone"));
        foreach (var client in clients)
        {
            Assert.Equal("to everyone", (await client.NextAsync()).Data);
        }

        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }

        await Eventually.EqualAsync(0, () => OrleansSubscriptionCount(Path));
    }

    [Fact]
    public async Task Subscriber_counts_reach_the_namespace_grain_and_follow_connections_closing()
    {
        const string Path = "/counted";
        var grain = _host.Orleans.GetNamespace(Path);
        await using var first = await SseClient.OpenAsync(_host.Http, "/subscribe" + Path);
        var second = await SseClient.OpenAsync(_host.Http, "/subscribe" + Path);
        var third = await SseClient.OpenAsync(_host.Http, "/subscribe" + Path + "/");

        await Eventually.EqualAsync(3, grain.GetSubscriberCount);

        await second.DisposeAsync();
        await third.DisposeAsync();
        await Eventually.EqualAsync(1, grain.GetSubscriberCount);
    }

    private async Task<int> OrleansSubscriptionCount(string path)
    {
        var provider = _host.Orleans.GetStreamProvider(SseStreams.ProviderName);
        Assert.True(provider.TryGetStreamSubscriptionManager(out var manager));
        var subscriptions = await manager.GetSubscriptions(SseStreams.ProviderName, SseStreams.ForNamespace(path));
        return subscriptions.Count();
    }
}
