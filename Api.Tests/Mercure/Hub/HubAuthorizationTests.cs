using System.Net;
using SseOrleans.Api.Tests.Authorization;
using SseOrleans.Api.Tests.Infrastructure;
using SseOrleans.TestSupport;
using static SseOrleans.Api.Tests.Mercure.Hub.HubRequests;

namespace SseOrleans.Api.Tests.Mercure.Hub;

/// <summary>
/// Publisher and subscriber credentials on the hub of a JWT host (<see cref="JwtHostFixture"/>: HS256 tokens, a
/// publish key, only <c>/news</c> public, so the hub takes no anonymous subscribers): a token's
/// <c>mercure.publish</c> must cover every topic, the publish key covers all, and each refusal says why.
/// </summary>
[Collection(JwtCollectionDefinition.Name)]
public sealed class HubAuthorizationTests(JwtHostFixture fixture)
{
    private readonly HttpClient _http = fixture.Host.Http;

    [Fact]
    public async Task A_publisher_token_must_cover_every_topic_else_403_and_nothing_is_dispatched()
    {
        var prefix = "grant-" + Guid.NewGuid().ToString("N")[..8];
        var allowed = $"https://example.com/{prefix}/allowed";
        var denied = $"https://example.com/{prefix}/denied";
        var token = Tokens.Hs256(publish: [allowed]);
        await using var subscriber = await SseClient.OpenAsync(_http, SubscribePath([$"https://example.com/{prefix}/{{x}}"], ("authorization", Tokens.Hs256(subscribe: []))));

        using var refused = await PublishAsync(_http, [("topic", allowed), ("topic", denied), ("data", "x"), ("id", prefix + "-refused")], token);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains(denied, await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await PublishOkAsync(_http, [("topic", allowed), ("data", "x"), ("id", prefix + "-ok")], token);
        Assert.Equal(prefix + "-ok", (await subscriber.NextAsync()).EventId);
    }

    [Fact]
    public async Task The_publish_key_covers_every_topic_and_no_credential_or_a_bad_token_is_401()
    {
        var topic = Topic();
        await using var subscriber = await SseClient.OpenAsync(_http, SubscribePath([topic], ("authorization", Tokens.Hs256(subscribe: []))));

        using var none = await PublishAsync(_http, [("topic", topic), ("data", "x")]);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("Bearer", none.Headers.WwwAuthenticate.Single().Scheme);
        using var forged = await PublishAsync(_http, [("topic", topic), ("data", "x")], Tokens.Hs256(publish: ["*"], signingKey: "another-secret-that-is-32-bytes-long"));
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Contains("signature", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var noClaim = await PublishAsync(_http, [("topic", topic), ("data", "x")], Tokens.Hs256(subscribe: ["*"]));
        Assert.Equal(HttpStatusCode.Forbidden, noClaim.StatusCode);

        Assert.Equal("by-key", await PublishOkAsync(_http, [("topic", topic), ("data", "x"), ("id", "by-key")], JwtHostFixture.PublishKey));
        Assert.Equal("by-key", (await subscriber.NextAsync()).EventId);
    }

    [Fact]
    public async Task Without_anonymous_access_to_the_mercure_namespace_a_subscriber_needs_a_valid_token()
    {
        using var anonymous = await SseClient.SendAsync(_http, SubscribePath([Topic()]));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains("anonymous", await anonymous.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var expired = await SseClient.SendAsync(_http, SubscribePath([Topic()], ("authorization", Tokens.Hs256(subscribe: ["*"], expires: DateTimeOffset.UtcNow.AddMinutes(-5)))));
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Contains("expired", await expired.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
