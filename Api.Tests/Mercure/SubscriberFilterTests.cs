using SseOrleans.FrontEnd.Mercure;

namespace SseOrleans.Api.Tests.Mercure;

/// <summary>Who gets an update: a subscribed topic, and for a private update a granted one too.</summary>
public sealed class SubscriberFilterTests
{
    private static readonly TopicSelectorSet Books = TopicSelectorSet.Parse(["https://example.com/books/{id}"]);

    [Fact]
    public void A_public_update_reaches_a_subscriber_of_one_of_its_topics()
    {
        var anonymous = new SubscriberFilter(Books, TopicSelectorSet.Empty);
        Assert.True(anonymous.Admits(["https://example.com/books/1"], isPrivate: false));
        Assert.True(anonymous.Admits(["urn:canonical", "https://example.com/books/1"], isPrivate: false));
        Assert.False(anonymous.Admits(["https://example.com/authors/1"], isPrivate: false));
    }

    [Fact]
    public void A_private_update_needs_a_grant_for_one_of_its_topics_canonical_or_alternate()
    {
        // The grant names an alternate topic made for this user, not the books it may read.
        var user = new SubscriberFilter(Books, TopicSelectorSet.Parse(["https://example.com/users/alice/{?topic}"]));
        string[] forAlice = ["https://example.com/books/1", "https://example.com/users/alice/?topic=https%3A%2F%2Fexample.com%2Fbooks%2F1"];
        string[] forBob = ["https://example.com/books/2", "https://example.com/users/bob/?topic=https%3A%2F%2Fexample.com%2Fbooks%2F2"];
        Assert.True(user.Admits(forAlice, isPrivate: true));
        Assert.False(user.Admits(forBob, isPrivate: true));
        Assert.True(user.Admits(forBob, isPrivate: false));
    }

    [Fact]
    public void An_anonymous_subscriber_gets_no_private_update()
    {
        var anonymous = new SubscriberFilter(TopicSelectorSet.Parse(["*"]), TopicSelectorSet.Empty);
        Assert.False(anonymous.Admits(["https://example.com/books/1"], isPrivate: true));
    }

    [Fact]
    public void A_grant_delivers_nothing_the_subscriber_did_not_subscribe_to()
    {
        var granted = new SubscriberFilter(Books, TopicSelectorSet.Parse(["*"]));
        Assert.False(granted.Admits(["https://example.com/authors/1"], isPrivate: true));
        Assert.True(granted.Admits(["https://example.com/books/1"], isPrivate: true));
    }

    [Fact]
    public void Filters_of_the_same_selectors_and_grants_are_equal()
    {
        var a = new SubscriberFilter(TopicSelectorSet.Parse(["urn:b", "urn:a"]), TopicSelectorSet.Parse(["urn:g"]));
        var b = new SubscriberFilter(TopicSelectorSet.Parse(["urn:a", "urn:b", "urn:a"]), TopicSelectorSet.Parse(["urn:g"]));
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, b with { PrivateGrants = TopicSelectorSet.Empty });
    }
}
