using System.Net;
using System.Text.Json;
using SseOrleans.Abstractions;
using SseOrleans.Api.Tests.Authorization;
using Microsoft.Extensions.DependencyInjection;
using SseOrleans.FrontEnd.FanOut;
using SseOrleans.FrontEnd.Mercure;
using SseOrleans.TestSupport;
using static SseOrleans.Api.Tests.Mercure.Hub.HubRequests;

namespace SseOrleans.Api.Tests.Mercure.Hub;

/// <summary>
/// Presence: a subscription's start and end are private updates on its own topic, seen by whoever may read them on
/// any front-end, with the token's payload; a front-end that stops renewing its lease has its subscriptions ended by
/// the cluster while a live one keeps them. Each watcher reads the events of one topic's subscriptions through the
/// template <c>/.well-known/mercure/subscriptions/{topic}/{subscriber}</c> with the topic filled in.
/// </summary>
[Collection(PresenceCollectionDefinition.Name)]
public sealed class HubSubscriptionEventsTests(PresenceHostFixture fixture)
{
    private static readonly string[] Groups = ["a", "b"];
    private readonly HttpClient _http = fixture.Host.Http;

    [Fact]
    public async Task A_subscriber_is_announced_active_when_it_connects_and_inactive_when_it_goes_with_its_payload()
    {
        var topic = Topic();
        var watch = Watch(topic);
        await using var watcher = await Subscribe([watch], Tokens.Hs256(subscribe: [watch]));

        var subscriber = await Subscribe([topic], WithPayload([topic], new Dictionary<string, object> { ["user"] = "alice", ["groups"] = Groups }));
        var connected = await watcher.NextAsync();
        var started = Document(connected.Data);
        var id = started.GetProperty("subscriber").GetString()!;
        Assert.StartsWith("urn:uuid:", id, StringComparison.Ordinal);
        Assert.Equal("https://mercure.rocks/", started.GetProperty("@context").GetString());
        Assert.Equal(SubscriptionTopics.ForSelector(topic) + "/" + Uri.EscapeDataString(id), started.GetProperty("id").GetString());
        Assert.Equal("Subscription", started.GetProperty("type").GetString());
        Assert.Equal(topic, started.GetProperty("topic").GetString());
        Assert.True(started.GetProperty("active").GetBoolean());
        Assert.Equal("alice", started.GetProperty("payload").GetProperty("user").GetString());
        Assert.Equal(["a", "b"], started.GetProperty("payload").GetProperty("groups").EnumerateArray().Select(group => group.GetString()));
        Assert.StartsWith("urn:uuid:", connected.EventId, StringComparison.Ordinal);
        Assert.Equal("message", connected.EventType);

        await subscriber.DisposeAsync();
        var disconnected = await watcher.NextAsync();
        var ended = Document(disconnected.Data);
        Assert.False(ended.GetProperty("active").GetBoolean());
        Assert.Equal(started.GetProperty("id").GetString(), ended.GetProperty("id").GetString());
        Assert.Equal(id, ended.GetProperty("subscriber").GetString());
        Assert.Equal("alice", ended.GetProperty("payload").GetProperty("user").GetString());
        Assert.NotEqual(connected.EventId, disconnected.EventId);
    }

    [Fact]
    public async Task Each_selector_of_a_connection_is_a_subscription_of_one_subscriber_and_a_token_without_a_payload_has_none()
    {
        var topic = Topic();
        var other = Topic("other");
        var watchBoth = new[] { Watch(topic), Watch(other) };
        await using var watcher = await Subscribe(watchBoth, Tokens.Hs256(subscribe: watchBoth));

        await using var subscriber = await Subscribe([topic, other], Tokens.Hs256(subscribe: [topic]));
        var events = (await watcher.NextAsync(2)).Select(item => Document(item.Data)).ToArray();
        Assert.Equal(new[] { topic, other }.Order(StringComparer.Ordinal), events.Select(document => document.GetProperty("topic").GetString()).Order(StringComparer.Ordinal));
        Assert.Single(events.Select(document => document.GetProperty("subscriber").GetString()).Distinct());
        Assert.All(events, document => Assert.False(document.TryGetProperty("payload", out _)));
    }

    [Fact]
    public async Task Subscription_events_are_private_to_tokens_that_may_read_their_topic()
    {
        var topic = Topic();
        var marker = Topic("markers");
        await using var unauthorized = await Subscribe([Watch(topic), marker], Tokens.Hs256(subscribe: [marker]));
        await using var anonymous = await HubRequests.SubscribeAsync(_http, Watch(topic), marker);
        await using var authorized = await Subscribe([Watch(topic), marker], Tokens.Hs256(subscribe: [Watch(topic)]));

        await using var subscriber = await Subscribe([topic], Tokens.Hs256(subscribe: [topic]));
        Assert.True(Document((await authorized.NextAsync()).Data).GetProperty("active").GetBoolean());
        await PublishOkAsync(_http, [("topic", marker), ("data", "marker")], JwtHostFixture.PublishKey);

        Assert.Equal("marker", (await unauthorized.NextAsync()).Data);
        Assert.Equal("marker", (await anonymous.NextAsync()).Data);
        Assert.Equal("marker", (await authorized.NextAsync()).Data);
    }

    [Fact]
    public async Task A_front_end_that_stops_renewing_has_its_subscriptions_ended_while_a_live_one_keeps_its_own()
    {
        var topic = Topic();
        var watch = Watch(topic);
        var reader = Tokens.Hs256(subscribe: ["*"]);
        await using var watcher = await Subscribe([watch], Tokens.Hs256(subscribe: [watch]));
        await using var live = await Subscribe([topic], Tokens.Hs256(subscribe: [topic]));
        var liveId = Document((await watcher.NextAsync()).Data).GetProperty("id").GetString()!;

        // A front-end that reports one subscription, then vanishes without a word: its lease is the host's, and
        // starts after the live front-end's last report, so without renewals the live subscription would end first.
        var ghost = "ghost/" + Guid.NewGuid().ToString("N");
        var ghostEntry = SubscriptionEntries.Of([topic], null, new TopicNamespaces("/mercure"))[0];
        var subscriptions = fixture.Host.Orleans.GetMercureSubscriptions();
        Assert.False(await subscriptions.Report(ghost, [], null, PresenceHostFixture.Lease));
        Assert.True(await subscriptions.Report(ghost, [], [ghostEntry], PresenceHostFixture.Lease));
        var ghostStarted = Document((await watcher.NextAsync()).Data);
        Assert.Equal(ghostEntry.Id, ghostStarted.GetProperty("id").GetString());
        Assert.True(ghostStarted.GetProperty("active").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(ghostEntry.Id, reader)).StatusCode);

        var ghostEnded = Document((await watcher.NextAsync()).Data);
        Assert.Equal(ghostEntry.Id, ghostEnded.GetProperty("id").GetString());
        Assert.False(ghostEnded.GetProperty("active").GetBoolean());

        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(ghostEntry.Id, reader)).StatusCode);
        using var stillLive = await GetAsync(liveId, reader);
        Assert.Equal(HttpStatusCode.OK, stillLive.StatusCode);
        Assert.False(await subscriptions.Report(ghost, [], null, PresenceHostFixture.Lease));
    }

    [Fact]
    public async Task A_front_end_whose_lease_ran_out_while_it_lived_sends_its_list_again_and_its_subscriptions_are_active_again()
    {
        var topic = Topic();
        var watch = Watch(topic);
        var reader = Tokens.Hs256(subscribe: ["*"]);
        await using var watcher = await Subscribe([watch], Tokens.Hs256(subscribe: [watch]));
        await using var live = await Subscribe([topic], Tokens.Hs256(subscribe: [topic]));
        var id = Document((await watcher.NextAsync()).Data).GetProperty("id").GetString()!;

        // As if this front-end had been cut off from the cluster for a whole lease: its lease ends now.
        var frontEnd = fixture.Host.Services.GetRequiredService<FrontEndIdentity>().Id;
        Assert.True(await fixture.Host.Orleans.GetMercureSubscriptions().Report(frontEnd, [], null, TimeSpan.Zero));

        var ended = Document((await watcher.NextAsync()).Data);
        Assert.Equal(id, ended.GetProperty("id").GetString());
        Assert.False(ended.GetProperty("active").GetBoolean());
        var again = Document((await watcher.NextAsync()).Data);
        Assert.Equal(id, again.GetProperty("id").GetString());
        Assert.True(again.GetProperty("active").GetBoolean());
        using var listed = await GetAsync(id, reader);
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
    }

    internal static string Watch(string topic) => SubscriptionTopics.ForSelector(topic) + "/{subscriber}";

    internal static JsonElement Document(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    internal static string WithPayload(string[] subscribe, Dictionary<string, object> payload) =>
        Tokens.WithClaims(new Dictionary<string, object>
        {
            ["mercure"] = new Dictionary<string, object> { ["subscribe"] = subscribe, ["payload"] = payload },
        });

    private Task<HttpResponseMessage> GetAsync(string path, string token) => SubscriptionsApi.GetAsync(_http, path, token);

    private Task<SseClient> Subscribe(string[] selectors, string token) =>
        SseClient.OpenAsync(_http, SubscribePath(selectors, ("authorization", token)));
}
