using SseOrleans.FrontEnd.Mercure;

namespace SseOrleans.Api.Tests.Mercure;

public sealed class TopicSelectorSetTests
{
    [Fact]
    public void The_same_selectors_in_any_order_and_with_repeats_are_one_set()
    {
        var a = TopicSelectorSet.Parse(["https://example.com/books/{id}", "urn:a", "*", "urn:a"]);
        var b = TopicSelectorSet.Parse(["*", "urn:a", "https://example.com/books/{id}"]);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal(3, a.Selectors.Count);
        Assert.NotEqual(a, TopicSelectorSet.Parse(["*", "urn:a"]));
    }

    [Fact]
    public void A_template_and_the_same_text_as_an_exact_selector_are_different_sets()
    {
        var template = TopicSelectorSet.Parse(["/b/{id}"]);
        var exact = TopicSelectorSet.Of([TopicSelector.ParseExact("/b/{id}")]);
        Assert.NotEqual(template, exact);
        Assert.True(template.Matches("/b/1"));
        Assert.False(exact.Matches("/b/1"));
    }

    [Fact]
    public void A_set_matches_when_any_selector_matches_any_topic()
    {
        var set = TopicSelectorSet.Parse(["https://example.com/books/{id}", "urn:a"]);
        Assert.True(set.MatchesAny(["urn:b", "urn:a"]));
        Assert.True(set.MatchesAny(["https://example.com/books/9"]));
        Assert.False(set.MatchesAny(["urn:b", "https://example.com/authors/1"]));
        Assert.False(set.MatchesAny([]));
        Assert.False(TopicSelectorSet.Empty.MatchesAny(["urn:a"]));
        Assert.True(TopicSelectorSet.Parse(["*"]).HasEverything);
    }

    [Fact]
    public void The_first_unmatched_topic_is_named()
    {
        var set = TopicSelectorSet.Parse(["https://example.com/books/{id}"]);
        Assert.Null(set.FirstUnmatched(["https://example.com/books/1", "https://example.com/books/2"]));
        Assert.Equal("urn:other", set.FirstUnmatched(["https://example.com/books/1", "urn:other", "urn:third"]));
        Assert.Null(TopicSelectorSet.Parse(["*"]).FirstUnmatched(["a", "b"]));
    }
}
