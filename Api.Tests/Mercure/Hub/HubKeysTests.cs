using System.Net;
using SseOrleans.Api.Tests.Authorization;
using SseOrleans.Api.Tests.Infrastructure;
using SseOrleans.TestSupport;
using static SseOrleans.Api.Tests.Mercure.Hub.HubRequests;

namespace SseOrleans.Api.Tests.Mercure.Hub;

/// <summary>
/// The hub with Mercure's separate publisher and subscriber keys (<c>Sse:Mercure:PublisherKey</c>,
/// <c>SubscriberKey</c>) beside <c>Sse:Auth</c>'s own: each hub operation takes tokens of its own key only.
/// </summary>
public sealed class HubKeysTests(HubKeysFixture fixture) : IClassFixture<HubKeysFixture>
{
    internal const string PublisherKey = "tests-only-mercure-publisher-key-of-32-bytes-or-more";
    internal const string SubscriberKey = "tests-only-mercure-subscriber-key-of-32-bytes-or-more";

    private readonly ApiHost _host = fixture.Host;

    [Fact]
    public async Task A_publish_takes_a_token_of_the_publisher_key_only()
    {
        var topic = Topic();
        await using var subscriber = await SseClient.OpenAsync(_host.Http, SubscribePath([topic], ("authorization", Tokens.Hs256(subscribe: [], signingKey: SubscriberKey))));

        foreach (var key in new[] { SubscriberKey, Tokens.SigningKey })
        {
            using var refused = await PublishAsync(_host.Http, [("topic", topic), ("data", "refused")], Tokens.Hs256(publish: [topic], signingKey: key));
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        await PublishOkAsync(_host.Http, [("topic", topic), ("data", "accepted"), ("id", "keys-accepted")], Tokens.Hs256(publish: [topic], signingKey: PublisherKey));
        var received = await subscriber.NextAsync();
        Assert.Equal(("keys-accepted", "accepted"), (received.EventId, received.Data));
    }

    [Fact]
    public async Task A_subscription_takes_a_token_of_the_subscriber_key_only()
    {
        var topic = Topic();
        foreach (var key in new[] { PublisherKey, Tokens.SigningKey })
        {
            using var refused = await _host.Http.GetAsync(SubscribePath([topic], ("authorization", Tokens.Hs256(subscribe: [topic], signingKey: key))), HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        await using var accepted = await SseClient.OpenAsync(_host.Http, SubscribePath([topic], ("authorization", Tokens.Hs256(subscribe: [topic], signingKey: SubscriberKey))));
    }

    [Fact]
    public async Task The_own_endpoints_still_take_tokens_of_Sse_Auth_only()
    {
        using var mercureKey = await _host.Http.GetAsync("/subscribe/keys?authorization=" + Tokens.Hs256(subscribe: ["/keys"], signingKey: SubscriberKey), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.Unauthorized, mercureKey.StatusCode);

        using var own = await _host.Http.GetAsync("/subscribe/keys?authorization=" + Tokens.Hs256(subscribe: ["/keys"]), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }
}

/// <summary>The Api with <c>Sse:Auth</c>'s HS256 key and the hub's own publisher and subscriber keys.</summary>
public sealed class HubKeysFixture() : HostFixture<ApiHost>(() => new ApiHost(new Dictionary<string, string?>
{
    ["Sse:Auth:SigningKey"] = Tokens.SigningKey,
    ["Sse:Auth:Audience"] = Tokens.Audience,
    ["Sse:AdminKey"] = JwtHostFixture.AdminKey,
    ["Sse:Mercure:PublisherKey"] = HubKeysTests.PublisherKey,
    ["Sse:Mercure:SubscriberKey"] = HubKeysTests.SubscriberKey,
}));
