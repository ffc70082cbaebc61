using System.Net;
using SseOrleans.Api.Tests.Authorization;
using SseOrleans.TestSupport;
using static SseOrleans.Api.Tests.Mercure.Hub.HubRequests;
using static SseOrleans.Api.Tests.Mercure.Hub.HubSubscriptionEventsTests;

namespace SseOrleans.Api.Tests.Mercure.Hub;

/// <summary>
/// With <c>Sse:Mercure:Subscriptions</c> off (the default, as in Mercure), no subscription is announced and the
/// subscriptions API is not there (<c>404</c>, as in Mercure, whose routes are then not registered).
/// </summary>
[Collection(JwtCollectionDefinition.Name)]
public sealed class HubPresenceOffTests(JwtHostFixture fixture)
{
    private readonly HttpClient _http = fixture.Host.Http;

    [Fact]
    public async Task Without_the_option_nothing_is_announced_and_the_api_is_404()
    {
        var topic = Topic();
        var marker = Topic("markers");
        await using var watcher = await SseClient.OpenAsync(_http, SubscribePath([Watch(topic), marker], ("authorization", Tokens.Hs256(subscribe: ["*"]))));
        await using var subscriber = await SseClient.OpenAsync(_http, SubscribePath([topic], ("authorization", Tokens.Hs256(subscribe: [topic]))));
        await PublishOkAsync(_http, [("topic", marker), ("data", "marker")], JwtHostFixture.PublishKey);
        Assert.Equal("marker", (await watcher.NextAsync()).Data);

        using var list = await SubscriptionsApi.GetAsync(_http, "/.well-known/mercure/subscriptions", Tokens.Hs256(subscribe: ["*"]));
        Assert.Equal(HttpStatusCode.NotFound, list.StatusCode);
    }
}
