using System.Net;
using System.Text.Json;
using SseOrleans.Api.Tests.Authorization;
using SseOrleans.FrontEnd.Mercure;
using SseOrleans.TestSupport;
using static SseOrleans.Api.Tests.Mercure.Hub.HubRequests;
using static SseOrleans.Api.Tests.Mercure.Hub.HubSubscriptionEventsTests;

namespace SseOrleans.Api.Tests.Mercure.Hub;

/// <summary>
/// <c>GET /.well-known/mercure/subscriptions[/{topic}[/{subscriber}]]</c>: the cluster's active subscriptions as
/// JSON-LD, all, by selector, or one; read by tokens whose <c>mercure.subscribe</c> matches the path, refused with a
/// reason otherwise. Each test first waits for the events of its subscriptions, which the list has by then.
/// </summary>
[Collection(PresenceCollectionDefinition.Name)]
public sealed class HubSubscriptionsApiTests(PresenceHostFixture fixture)
{
    private readonly HttpClient _http = fixture.Host.Http;

    [Fact]
    public async Task The_api_lists_every_subscription_those_of_a_selector_and_one_with_the_last_event_id()
    {
        var topic = Topic();
        var other = Topic("other");
        var watch = new[] { Watch(topic), Watch(other) };
        await using var watcher = await Subscribe(watch, Tokens.Hs256(subscribe: watch));
        await using var alice = await Subscribe([topic, other], WithPayload([topic], new Dictionary<string, object> { ["user"] = "alice" }));
        await using var bob = await Subscribe([topic], Tokens.Hs256(subscribe: [topic]));
        var started = (await watcher.NextAsync(3)).Select(item => Document(item.Data)).ToArray();
        var aliceId = started.First(document => document.TryGetProperty("payload", out _)).GetProperty("subscriber").GetString()!;
        var bobId = started.First(document => !document.TryGetProperty("payload", out _)).GetProperty("subscriber").GetString()!;
        var reader = Tokens.Hs256(subscribe: ["/.well-known/mercure/subscriptions{/topic}{/subscriber}"]);

        var byTopic = await OkJsonAsync(SubscriptionTopics.ForSelector(topic), reader);
        Assert.Equal("https://mercure.rocks/", byTopic.GetProperty("@context").GetString());
        Assert.Equal(SubscriptionTopics.ForSelector(topic), byTopic.GetProperty("id").GetString());
        Assert.Equal("Subscriptions", byTopic.GetProperty("type").GetString());
        Assert.StartsWith("urn:uuid:", byTopic.GetProperty("lastEventID").GetString(), StringComparison.Ordinal);
        var entries = byTopic.GetProperty("subscriptions").EnumerateArray().ToArray();
        Assert.Equal(
            new[] { SubscriptionTopics.For(topic, aliceId), SubscriptionTopics.For(topic, bobId) }.Order(StringComparer.Ordinal),
            entries.Select(entry => entry.GetProperty("id").GetString()));
        Assert.All(entries, entry =>
        {
            Assert.Equal(topic, entry.GetProperty("topic").GetString());
            Assert.True(entry.GetProperty("active").GetBoolean());
            Assert.Equal("Subscription", entry.GetProperty("type").GetString());
        });
        Assert.Equal("alice", entries.Single(entry => entry.GetProperty("subscriber").GetString() == aliceId).GetProperty("payload").GetProperty("user").GetString());

        var all = await OkJsonAsync(SubscriptionTopics.Prefix, reader);
        Assert.Equal(SubscriptionTopics.Prefix, all.GetProperty("id").GetString());
        var allIds = all.GetProperty("subscriptions").EnumerateArray().Select(entry => entry.GetProperty("id").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { SubscriptionTopics.For(topic, aliceId), SubscriptionTopics.For(other, aliceId), SubscriptionTopics.For(topic, bobId) }, allIds);

        var one = await OkJsonAsync(SubscriptionTopics.For(other, aliceId), reader);
        Assert.Equal("https://mercure.rocks/", one.GetProperty("@context").GetString());
        Assert.Equal(SubscriptionTopics.For(other, aliceId), one.GetProperty("id").GetString());
        Assert.Equal("Subscription", one.GetProperty("type").GetString());
        Assert.Equal(other, one.GetProperty("topic").GetString());
        Assert.Equal(aliceId, one.GetProperty("subscriber").GetString());
        Assert.True(one.GetProperty("active").GetBoolean());
        Assert.Equal("alice", one.GetProperty("payload").GetProperty("user").GetString());
        Assert.StartsWith("urn:uuid:", one.GetProperty("lastEventID").GetString(), StringComparison.Ordinal);

        await bob.DisposeAsync();
        Assert.False(Document((await watcher.NextAsync()).Data).GetProperty("active").GetBoolean());
        using var gone = await SubscriptionsApi.GetAsync(_http, SubscriptionTopics.For(topic, bobId), reader);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal(
            [SubscriptionTopics.For(topic, aliceId)],
            (await OkJsonAsync(SubscriptionTopics.ForSelector(topic), reader)).GetProperty("subscriptions").EnumerateArray().Select(entry => entry.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task An_unknown_subscription_is_404_and_a_path_that_is_none_of_the_api_is_404_too()
    {
        var reader = Tokens.Hs256(subscribe: ["*"]);
        using var unknown = await SubscriptionsApi.GetAsync(_http, SubscriptionTopics.For(Topic(), "urn:uuid:" + Guid.NewGuid()), reader);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.StartsWith("no active subscription /.well-known/mercure/subscriptions/", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var tooDeep = await SubscriptionsApi.GetAsync(_http, SubscriptionTopics.Prefix + "/a/b/c", reader);
        Assert.Equal(HttpStatusCode.NotFound, tooDeep.StatusCode);
    }

    [Fact]
    public async Task Only_a_token_whose_subscribe_claim_matches_the_path_may_read_it_and_every_refusal_says_why()
    {
        var topic = Topic();
        var path = SubscriptionTopics.ForSelector(topic);

        using var anonymous = await SubscriptionsApi.GetAsync(_http, path, null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal($"the subscriptions API needs a token whose mercure.subscribe claim matches {path}\n", await anonymous.Content.ReadAsStringAsync());

        using var otherTopic = await SubscriptionsApi.GetAsync(_http, path, Tokens.Hs256(subscribe: [topic, SubscriptionTopics.ForSelector(Topic())]));
        Assert.Equal(HttpStatusCode.Forbidden, otherTopic.StatusCode);
        Assert.Equal($"not allowed to read {path}: no selector of the token's mercure.subscribe claim matches it\n", await otherTopic.Content.ReadAsStringAsync());

        // A selector of this topic's subscriptions reads them, and not the list of all.
        var topicReader = Tokens.Hs256(subscribe: [path, Watch(topic)]);
        await OkJsonAsync(path, topicReader);
        using var one = await SubscriptionsApi.GetAsync(_http, SubscriptionTopics.For(topic, "urn:uuid:" + Guid.NewGuid()), topicReader);
        Assert.Equal(HttpStatusCode.NotFound, one.StatusCode);
        using var everything = await SubscriptionsApi.GetAsync(_http, SubscriptionTopics.Prefix, topicReader);
        Assert.Equal(HttpStatusCode.Forbidden, everything.StatusCode);

        using var badToken = await SubscriptionsApi.GetAsync(_http, path, Tokens.Hs256(subscribe: ["*"], signingKey: "another-shared-secret-of-32+-bytes!"));
        Assert.Equal(HttpStatusCode.Unauthorized, badToken.StatusCode);
        Assert.NotEmpty(await badToken.Content.ReadAsStringAsync());
    }

    private async Task<JsonElement> OkJsonAsync(string path, string token)
    {
        using var response = await SubscriptionsApi.GetAsync(_http, path, token);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/ld+json", response.Content.Headers.ContentType?.MediaType);
        return Document(body);
    }

    private Task<SseClient> Subscribe(string[] selectors, string token) =>
        SseClient.OpenAsync(_http, SubscribePath(selectors, ("authorization", token)));
}
