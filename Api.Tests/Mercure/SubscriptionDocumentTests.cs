using System.Text.Json;
using SseOrleans.FrontEnd.Mercure;

namespace SseOrleans.Api.Tests.Mercure;

/// <summary>Subscription topics and the JSON-LD of subscription events and of the subscriptions API.</summary>
public sealed class SubscriptionDocumentTests
{
    private const string Subscriber = "urn:uuid:5f0e6a1c-2b7d-4c89-9a41-3e2d1c0b9a87";
    private const string Selector = "https://example.com/books/{id}";

    private static readonly MercureSubscription Subscription = new(Selector, Subscriber, Payload("""{"user":"alice","groups":["a","b"]}"""));

    [Fact]
    public void A_subscription_topic_expands_the_selector_and_the_subscriber_as_single_segments() =>
        Assert.Equal(
            "/.well-known/mercure/subscriptions/https%3A%2F%2Fexample.com%2Fbooks%2F%7Bid%7D/urn%3Auuid%3A5f0e6a1c-2b7d-4c89-9a41-3e2d1c0b9a87",
            Subscription.Id);

    [Theory]
    [InlineData("a b", "/.well-known/mercure/subscriptions/a%20b")]
    [InlineData("a+b~c", "/.well-known/mercure/subscriptions/a%2Bb~c")]
    [InlineData("caf\u00e9", "/.well-known/mercure/subscriptions/caf%C3%A9")]
    public void Everything_but_unreserved_characters_is_percent_encoded(string selector, string path) =>
        Assert.Equal(path, SubscriptionTopics.ForSelector(selector));

    [Theory]
    [InlineData("https://example.com/books/{id}", Subscriber)]
    [InlineData("a b+c/d%e", "urn:x y")]
    [InlineData("*", "\ud83d\udc36")]
    public void A_subscriptions_path_reads_back_its_selector_and_subscriber(string selector, string subscriber)
    {
        Assert.True(SubscriptionTopics.TryParsePath(SubscriptionTopics.For(selector, subscriber), out var readSelector, out var readSubscriber));
        Assert.Equal(selector, readSelector);
        Assert.Equal(subscriber, readSubscriber);
        Assert.True(SubscriptionTopics.TryParsePath(SubscriptionTopics.ForSelector(selector), out readSelector, out readSubscriber));
        Assert.Equal(selector, readSelector);
        Assert.Null(readSubscriber);
    }

    [Theory]
    [InlineData("/.well-known/mercure/subscriptions", true, null, null)]
    [InlineData("/.well-known/mercure/subscriptions/a", true, "a", null)]
    [InlineData("/.well-known/mercure/subscriptions/a+b/c", true, "a b", "c")]
    [InlineData("/.well-known/mercure/subscriptions/a%2Fb/c%2Fd", true, "a/b", "c/d")]
    [InlineData("/.well-known/mercure/subscriptions/", false, null, null)]
    [InlineData("/.well-known/mercure/subscriptions/a/", false, null, null)]
    [InlineData("/.well-known/mercure/subscriptions//b", false, null, null)]
    [InlineData("/.well-known/mercure/subscriptions/a/b/c", false, null, null)]
    [InlineData("/.well-known/mercure/subscriptionsX", false, null, null)]
    [InlineData("/.well-known/mercure", false, null, null)]
    public void Only_the_three_shapes_of_the_api_are_paths_of_it(string rawPath, bool parsed, string? selector, string? subscriber)
    {
        Assert.Equal(parsed, SubscriptionTopics.TryParsePath(rawPath, out var readSelector, out var readSubscriber));
        Assert.Equal(selector, readSelector);
        Assert.Equal(subscriber, readSubscriber);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_subscription_event_is_the_subscription_as_json_ld(bool active)
    {
        var entry = Assert.Single(SubscriptionEntries.Of([Selector], Subscription.Payload, new TopicNamespaces("/mercure")));
        using var json = JsonDocument.Parse(entry.EventData(active));
        var root = json.RootElement;
        Assert.Equal("https://mercure.rocks/", root.GetProperty("@context").GetString());
        Assert.Equal(entry.Id, root.GetProperty("id").GetString());
        Assert.StartsWith(SubscriptionTopics.ForSelector(Selector) + "/urn%3Auuid%3A", entry.Id, StringComparison.Ordinal);
        Assert.Equal("Subscription", root.GetProperty("type").GetString());
        Assert.Equal(Selector, root.GetProperty("topic").GetString());
        Assert.Equal(entry.Subscriber, root.GetProperty("subscriber").GetString());
        Assert.Equal(active, root.GetProperty("active").GetBoolean());
        Assert.Equal("alice", root.GetProperty("payload").GetProperty("user").GetString());
        Assert.Equal(2, root.GetProperty("payload").GetProperty("groups").GetArrayLength());
        Assert.False(root.TryGetProperty("lastEventID", out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("null")]
    public void A_subscription_without_a_payload_has_no_payload_property(string? payload)
    {
        var entry = Assert.Single(SubscriptionEntries.Of([Selector], payload is null ? null : Payload(payload), new TopicNamespaces("/mercure")));
        using var json = JsonDocument.Parse(entry.EventData(active: true));
        Assert.False(json.RootElement.TryGetProperty("payload", out _));
    }

    [Fact]
    public void A_connection_has_one_subscriber_id_for_all_its_selectors_and_one_subscription_per_distinct_selector()
    {
        var topics = new TopicNamespaces("/mercure");
        var entries = SubscriptionEntries.Of([Selector, "urn:a", Selector], null, topics);
        Assert.Equal([Selector, "urn:a"], entries.Select(entry => entry.Selector));
        Assert.Single(entries.Select(entry => entry.Subscriber).Distinct());
        Assert.All(entries, entry => Assert.Equal(topics.NamespaceOf(entry.Id), entry.Namespace));
        Assert.NotEqual(entries[0].Subscriber, SubscriptionEntries.Of([Selector], null, topics)[0].Subscriber);
    }

    [Fact]
    public void The_api_answers_one_subscription_with_the_last_event_id()
    {
        using var json = JsonDocument.Parse(SubscriptionDocument.Single(Subscription, "urn:uuid:last"));
        var root = json.RootElement;
        Assert.Equal("https://mercure.rocks/", root.GetProperty("@context").GetString());
        Assert.Equal(Subscription.Id, root.GetProperty("id").GetString());
        Assert.True(root.GetProperty("active").GetBoolean());
        Assert.Equal("urn:uuid:last", root.GetProperty("lastEventID").GetString());
    }

    [Fact]
    public void The_api_answers_a_collection_whose_entries_carry_no_context_of_their_own()
    {
        var other = new MercureSubscription("urn:a", "urn:uuid:other", null);
        using var json = JsonDocument.Parse(SubscriptionCollection.Json("/.well-known/mercure/subscriptions", "earliest", [Subscription, other]));
        var root = json.RootElement;
        Assert.Equal("https://mercure.rocks/", root.GetProperty("@context").GetString());
        Assert.Equal("/.well-known/mercure/subscriptions", root.GetProperty("id").GetString());
        Assert.Equal("Subscriptions", root.GetProperty("type").GetString());
        Assert.Equal("earliest", root.GetProperty("lastEventID").GetString());
        var entries = root.GetProperty("subscriptions").EnumerateArray().ToArray();
        Assert.Equal([Subscription.Id, other.Id], entries.Select(entry => entry.GetProperty("id").GetString()));
        Assert.All(entries, entry =>
        {
            Assert.False(entry.TryGetProperty("@context", out _));
            Assert.False(entry.TryGetProperty("lastEventID", out _));
            Assert.Equal("Subscription", entry.GetProperty("type").GetString());
            Assert.True(entry.GetProperty("active").GetBoolean());
        });
    }

    [Fact]
    public void An_empty_collection_has_an_empty_array()
    {
        using var json = JsonDocument.Parse(SubscriptionCollection.Json("/.well-known/mercure/subscriptions/x", "urn:uuid:1", []));
        Assert.Equal(0, json.RootElement.GetProperty("subscriptions").GetArrayLength());
    }

    private static JsonElement Payload(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
