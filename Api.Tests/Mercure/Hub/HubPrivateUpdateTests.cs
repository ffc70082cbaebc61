using SseOrleans.Api.Tests.Authorization;
using SseOrleans.Api.Tests.Infrastructure;
using SseOrleans.FrontEnd.Mercure;
using SseOrleans.TestSupport;
using static SseOrleans.Api.Tests.Mercure.Hub.HubRequests;

namespace SseOrleans.Api.Tests.Mercure.Hub;

/// <summary>
/// Private updates reach only hub subscribers whose <c>mercure.subscribe</c> grants match one of their topics (the
/// canonical or an alternate), and never appear on <c>/subscribe/...</c>, live or on replay, whatever the
/// subscriber there may read. Each check is "the next event is the public marker published after it".
/// </summary>
[Collection(JwtCollectionDefinition.Name)]
public sealed class HubPrivateUpdateTests(JwtHostFixture fixture)
{
    private readonly HttpClient _http = fixture.Host.Http;

    [Fact]
    public async Task A_private_update_reaches_granted_subscribers_only_by_canonical_or_alternate_topic()
    {
        var topic = Topic();
        var alternate = Topic("alternates");
        await using var granted = await Subscribe([topic], Tokens.Hs256(subscribe: [topic]));
        await using var grantedByAlternate = await Subscribe([topic], Tokens.Hs256(subscribe: ["https://example.com/alternates/{id}"]));
        await using var notGranted = await Subscribe([topic], Tokens.Hs256(subscribe: ["https://example.com/other"]));

        await PublishOkAsync(_http, [("topic", topic), ("topic", alternate), ("data", "secret"), ("private", "on"), ("id", "p-" + topic)], JwtHostFixture.PublishKey);
        await PublishOkAsync(_http, [("topic", topic), ("data", "public"), ("id", "m-" + topic)], JwtHostFixture.PublishKey);

        Assert.Equal(["secret", "public"], (await granted.NextAsync(2)).Select(item => item.Data));
        Assert.Equal(["secret", "public"], (await grantedByAlternate.NextAsync(2)).Select(item => item.Data));
        Assert.Equal("public", (await notGranted.NextAsync()).Data);
    }

    [Fact]
    public async Task A_private_update_never_appears_on_subscribe_live_or_on_replay()
    {
        var topic = Topic();
        var own = new TopicNamespaces().NamespaceOf(topic);
        var readEverything = Tokens.Hs256(subscribe: ["*"]);
        await using var atTopic = await SseClient.OpenAsync(_http, "/subscribe" + own + "?authorization=" + readEverything);
        await using var atMercure = await SseClient.OpenAsync(_http, "/subscribe/mercure?authorization=" + readEverything);
        await using var atRoot = await SseClient.OpenAsync(_http, "/subscribe/?authorization=" + readEverything);

        await PublishOkAsync(_http, [("topic", topic), ("data", "before"), ("id", "b-" + topic)], JwtHostFixture.PublishKey);
        var before = await atTopic.NextAsync();
        await PublishOkAsync(_http, [("topic", topic), ("data", "secret"), ("private", ""), ("id", "p-" + topic)], JwtHostFixture.PublishKey);
        await PublishOkAsync(_http, [("topic", topic), ("data", "after"), ("id", "a-" + topic)], JwtHostFixture.PublishKey);

        Assert.Equal("after", (await atTopic.NextAsync()).Data);
        Assert.Equal(["before", "after"], (await atMercure.NextAsync(2)).Select(item => item.Data));
        var atRootItems = new[] { await atRoot.NextMatchingAsync(IsThisTopics), await atRoot.NextMatchingAsync(IsThisTopics) };
        Assert.Equal(["before", "after"], atRootItems.Select(item => item.Data));

        await using var replay = await SseClient.OpenAsync(_http, "/subscribe" + own + "?authorization=" + readEverything, lastEventId: before.EventId);
        Assert.Equal("after", (await replay.NextAsync()).Data);

        static bool IsThisTopics(System.Net.ServerSentEvents.SseItem<string> item) => item.Data is "before" or "secret" or "after";
    }

    private Task<SseClient> Subscribe(string[] selectors, string token) =>
        SseClient.OpenAsync(_http, SubscribePath(selectors, ("authorization", token)));
}
