using SseOrleans.FrontEnd.Mercure;

namespace SseOrleans.Api.Tests.Mercure;

/// <summary>Selectors: <c>*</c>, exact strings, and URI templates matched as Mercure matches them.</summary>
public sealed class TopicSelectorTests
{
    [Theory]
    [InlineData("https://example.com/books/{id}", "https://example.com/books/1", true)]
    [InlineData("https://example.com/books/{id}", "https://example.com/books/978-0441013593", true)]
    [InlineData("https://example.com/books/{id}", "https://example.com/books/", true)]
    [InlineData("https://example.com/books/{id}", "https://example.com/books/a%2Fb", true)]
    [InlineData("https://example.com/books/{id}", "https://example.com/books/1,2", true)]
    [InlineData("https://example.com/books/{id}", "https://example.com/books/1/reviews", false)]
    [InlineData("https://example.com/books/{id}", "https://example.com/books", false)]
    [InlineData("https://example.com/books/{id}", "http://example.com/books/1", false)]
    [InlineData("https://example.com/books/{id}", "https://example.com/Books/1", false)]
    [InlineData("https://example.com/books/{id}", "https://example.com/books/a=b", false)]
    [InlineData("https://example.com/books/{id}", "https://example.com/books/caf\u00e9", false)]
    [InlineData("https://example.com/books/{id}", "https://example.com/books/1\n", false)]
    [InlineData("https://example.com/books/{id}", "https://example.com/books/%4", false)]
    [InlineData("https://example.com/books/{id}", "prefix https://example.com/books/1", false)]
    [InlineData("https://example.com/books/{id}", "https://example.com/books/{id}", true)]
    public void A_simple_expression_matches_one_value_of_unreserved_characters(string selector, string topic, bool matches) =>
        Assert.Equal(matches, TopicSelector.Parse(selector).Matches(topic));

    [Theory]
    [InlineData("https://example.com/{+path}", "https://example.com/a/b/c?d=e&f#g", true)]
    [InlineData("https://example.com/{+path}", "https://example.com/", true)]
    [InlineData("https://example.com/{+path}", "https://example.com/a b", false)]
    [InlineData("/doc{#section}", "/doc", true)]
    [InlineData("/doc{#section}", "/doc#intro/part-2", true)]
    [InlineData("/doc{#section}", "/doc/intro", false)]
    [InlineData("/file{.ext}", "/file.json", true)]
    [InlineData("/file{.ext}", "/file.tar.gz", true)]
    [InlineData("/file{.ext}", "/file", true)]
    [InlineData("/file{.ext}", "/file/json", false)]
    [InlineData("/files{/path*}", "/files", true)]
    [InlineData("/files{/path*}", "/files/a/b/c", true)]
    [InlineData("/files{/path*}", "/files.a", false)]
    [InlineData("/x{/a,b}", "/x/1/2", true)]
    [InlineData("/x{/a,b}", "/x/1", true)]
    [InlineData("/x{/a,b}", "/x/1/2/3", false)]
    [InlineData("/m{;x,y}", "/m;x=1;y=2", true)]
    [InlineData("/m{;x,y}", "/m;x=1;y=2;z=3", false)]
    [InlineData("/s{?x,y}", "/s?x=1&y=2", true)]
    [InlineData("/s{?x,y}", "/s?x=1&y=2&z=3", false)]
    [InlineData("/s{?list*}", "/s?a=1&b=2&c=3", true)]
    [InlineData("/s{?q}", "/s?q=https%3A%2F%2Fexample.com%2Fbooks%2F1", true)]
    [InlineData("/s{?q}", "/s?other=1", true)]
    [InlineData("/s{?q}", "/s?q=https://example.com", false)]
    [InlineData("/s{&more}", "/s&more=1", true)]
    [InlineData("/c/{list*}", "/c/a=1,b=2", true)]
    [InlineData("/p/{id:3}", "/p/12345", true)]
    [InlineData("{scheme}://example.com/{id}", "https://example.com/1", true)]
    [InlineData("{a}{b}", "anything-unreserved", true)]
    public void Each_operator_matches_what_it_can_expand_to(string selector, string topic, bool matches) =>
        Assert.Equal(matches, TopicSelector.Parse(selector).Matches(topic));

    [Theory]
    [InlineData("/a%20b/{x}", "/a%20b/1", true)]
    [InlineData("/a%20b/{x}", "/a b/1", false)]
    [InlineData("https://\u4f8b\u3048.jp/{x}", "https://\u4f8b\u3048.jp/1", true)]
    [InlineData("/{x}/\ud83d\udc36", "/1/\ud83d\udc36", true)]
    public void Literals_match_exactly_as_written(string selector, string topic, bool matches) =>
        Assert.Equal(matches, TopicSelector.Parse(selector).Matches(topic));

    [Theory]
    [InlineData("/books/{")]
    [InlineData("/books/{id")]
    [InlineData("/books/{}")]
    [InlineData("/books/{=id}")]
    [InlineData("/books/{!id}")]
    [InlineData("/books/{@id}")]
    [InlineData("/books/{|id}")]
    [InlineData("/books/{,id}")]
    [InlineData("/books/{a..b}")]
    [InlineData("/books/{.a.}")]
    [InlineData("/books/{a b}")]
    [InlineData("/books/{a-b}")]
    [InlineData("/books/{x:0}")]
    [InlineData("/books/{x:01}")]
    [InlineData("/books/{x:10000}")]
    [InlineData("/books/{x:3*}")]
    [InlineData("/books/{x,}")]
    [InlineData("/my books/{id}")]
    [InlineData("/books/}{id}")]
    [InlineData("/books/{id}}")]
    [InlineData("/books/{id}%zz")]
    [InlineData("/books/\"{id}\"")]
    [InlineData("/books/{a{b}}")]
    public void A_selector_that_is_not_a_template_matches_only_itself(string selector)
    {
        var parsed = TopicSelector.Parse(selector);
        Assert.Equal(TopicSelectorKind.Exact, parsed.Kind);
        Assert.True(parsed.Matches(selector));
        Assert.False(parsed.Matches("/books/1"));
        Assert.False(parsed.Matches("/books/"));
    }

    [Theory]
    [InlineData("/books/{a%20b}")]
    [InlineData("/books/{a.b_c9}")]
    [InlineData("/books/{x:9999}")]
    [InlineData("/books/{x}'s")]
    public void Edge_forms_of_the_grammar_are_templates(string selector) =>
        Assert.Equal(TopicSelectorKind.Template, TopicSelector.Parse(selector).Kind);

    [Theory]
    [InlineData("")]
    [InlineData("https://example.com/books/1")]
    [InlineData("{anything}")]
    [InlineData("\ud83d\udc36")]
    public void The_wildcard_matches_every_topic(string topic) =>
        Assert.True(TopicSelector.Parse("*").Matches(topic));

    [Fact]
    public void An_exact_selector_matches_only_the_same_string()
    {
        var selector = TopicSelector.Parse("https://example.com/books/1");
        Assert.Equal(TopicSelectorKind.Exact, selector.Kind);
        Assert.True(selector.Matches("https://example.com/books/1"));
        Assert.False(selector.Matches("https://example.com/books/1/"));
        Assert.False(selector.Matches("https://example.com/books/10"));
        Assert.False(selector.Matches("HTTPS://example.com/books/1"));
    }

    [Fact]
    public void A_match_object_from_a_token_is_exact_even_when_it_reads_as_a_template()
    {
        var selector = TopicSelector.ParseExact("https://example.com/books/{id}");
        Assert.Equal(TopicSelectorKind.Exact, selector.Kind);
        Assert.True(selector.Matches("https://example.com/books/{id}"));
        Assert.False(selector.Matches("https://example.com/books/1"));
        Assert.NotEqual(TopicSelector.Parse("https://example.com/books/{id}"), selector);
        Assert.Equal(TopicSelectorKind.Everything, TopicSelector.ParseExact("*").Kind);
    }

    [Fact]
    public void The_literal_prefix_is_the_text_before_the_first_expression()
    {
        Assert.Equal("https://example.com/books/".Length, TopicSelector.Parse("https://example.com/books/{id}{?q}").LiteralPrefixLength);
        Assert.Equal(0, TopicSelector.Parse("{scheme}://x").LiteralPrefixLength);
        Assert.Equal(0, TopicSelector.Parse("*").LiteralPrefixLength);
        Assert.Equal(5, TopicSelector.Parse("/a/b{").LiteralPrefixLength);
    }

    // Would not finish with a backtracking matcher: 300 adjacent expressions, each able to take any of the
    // 2,000 characters, before a literal that is not there.
    [Fact]
    public void Adjacent_expressions_before_a_missing_literal_are_matched_in_linear_time()
    {
        var selector = TopicSelector.Parse(string.Concat(Enumerable.Repeat("{v}", 300)) + "x");
        Assert.Equal(TopicSelectorKind.Template, selector.Kind);
        Assert.False(selector.Matches(new string('a', 2000)));
        Assert.True(selector.Matches(new string('a', 2000) + "x"));
    }

    [Fact]
    public void A_long_literal_and_many_variables_compile_and_match()
    {
        var literal = "https://example.com/" + new string('l', 2000);
        Assert.True(TopicSelector.Parse(literal + "/{id}").Matches(literal + "/1"));
        Assert.False(TopicSelector.Parse(literal + "/{id}").Matches(literal + "x/1"));

        var variables = "/x{/" + string.Join(',', Enumerable.Range(0, 300).Select(i => $"v{i}")) + "}";
        var selector = TopicSelector.Parse(variables);
        Assert.True(selector.Matches("/x" + string.Concat(Enumerable.Repeat("/s", 300))));
        Assert.False(selector.Matches("/x" + string.Concat(Enumerable.Repeat("/s", 301))));
    }
}
