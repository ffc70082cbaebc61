using System.Text;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.Authorization;
using SseOrleans.FrontEnd.Mercure;

namespace SseOrleans.Api.Tests.Mercure;

/// <summary>Topics as namespaces: valid for any topic, one per topic, and inside every subtree a selector that matches them reads.</summary>
public sealed class TopicNamespacesTests
{
    private static readonly TopicNamespaces Map = new();

    [Theory]
    [InlineData("https://example.com/books/1", "/mercure/https:/~~/example.com/books/1/~")]
    [InlineData("https://example.com/", "/mercure/https:/~~/example.com/~~/~")]
    [InlineData("urn:uuid:0d5c3b10-0000-4000-8000-000000000001", "/mercure/urn:uuid:0d5c3b10-0000-4000-8000-000000000001/~")]
    [InlineData("/books/1", "/mercure/~~/books/1/~")]
    [InlineData("books", "/mercure/books/~")]
    [InlineData("a/./b/../c", "/mercure/a/~2E/b/~2E~2E/c/~")]
    [InlineData("...", "/mercure/.../~")]
    [InlineData("~user/~", "/mercure/~7Euser/~7E/~")]
    [InlineData("a\u0001b\u007f", "/mercure/a~01b~7F/~")]
    [InlineData("c1\u0085", "/mercure/c1~C2~85/~")]
    [InlineData("caf\u00e9 %2F \ud83d\udc36", "/mercure/caf\u00e9 %2F \ud83d\udc36/~")]
    [InlineData("https://example.com/books/{id}", "/mercure/https:/~~/example.com/books/{id}/~")]
    public void A_topic_keeps_its_pieces_as_segments_and_ends_with_its_own_namespace(string topic, string path)
    {
        Assert.Equal(path, Map.NamespaceOf(topic));
        Assert.True(NamespacePath.IsNormalized(path), path);
        Assert.True(Map.TryGetTopic(path, out var back));
        Assert.Equal(topic, back);
    }

    [Fact]
    public void A_topic_and_the_topics_under_it_have_different_namespaces()
    {
        var books = Map.NamespaceOf("https://example.com/books");
        var book = Map.NamespaceOf("https://example.com/books/1");
        Assert.NotEqual(books, book);
        Assert.False(NamespaceGrant.Covers(books, book));
        Assert.False(NamespaceGrant.Covers(book, books));
    }

    [Fact]
    public void Random_topics_map_one_to_one_and_read_back()
    {
        var random = new Random(20);
        const string alphabet = "ab/~.%:?#[]@!$&'()*+,;= \u0000\u001f\u007f\u0085\u00e9\u732b{}";
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < 5000; i++)
        {
            var topic = new string(Enumerable.Range(0, random.Next(0, 24)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            if (random.Next(10) == 0)
            {
                topic += "\ud83d\udc36";
            }

            var path = Map.NamespaceOf(topic);
            Assert.True(NamespacePath.IsNormalized(path), $"{topic} -> {path}");
            Assert.True(Map.TryGetTopic(path, out var back), path);
            Assert.Equal(topic, back);
            if (seen.TryGetValue(path, out var other))
            {
                Assert.Equal(other, topic);
            }

            seen[path] = topic;
        }
    }

    [Theory]
    [InlineData("/mercure/a/~41/~")]
    [InlineData("/mercure/a/~7e/~")]
    [InlineData("/mercure/a/~C2/~")]
    [InlineData("/mercure/a/~9F/~")]
    [InlineData("/mercure/a/~2Ex/~")]
    [InlineData("/mercure/a/~")]
    [InlineData("/mercure/a/~/b/~")]
    [InlineData("/mercure/a")]
    [InlineData("/mercure/~")]
    [InlineData("/mercure")]
    [InlineData("/other/a/~")]
    [InlineData("/mercurea/~")]
    public void Only_the_namespace_a_topic_maps_to_reads_back_as_that_topic(string path)
    {
        if (Map.TryGetTopic(path, out var topic))
        {
            Assert.Equal(path, Map.NamespaceOf(topic));
        }
    }

    [Theory]
    [InlineData(40, 3)]
    [InlineData(3, 1500)]
    [InlineData(1, 3000)]
    [InlineData(31, 1)]
    public void A_topic_too_deep_or_too_long_keeps_what_fits_and_ends_in_its_hash(int pieces, int pieceLength)
    {
        var topic = string.Join('/', Enumerable.Range(0, pieces).Select(i => (char)('a' + (i % 26)) + new string('x', pieceLength - 1)));
        var path = Map.NamespaceOf(topic);
        Assert.True(NamespacePath.IsNormalized(path), path);
        var last = path[(path.LastIndexOf('/') + 1)..];
        Assert.Equal(TopicNamespaces.HashedTopicEnd.Length + 64, last.Length);
        Assert.StartsWith(TopicNamespaces.HashedTopicEnd, last, StringComparison.Ordinal);
        Assert.False(Map.TryGetTopic(path, out _));
        Assert.NotEqual(path, Map.NamespaceOf(topic + "y"));
        Assert.Equal(path, Map.NamespaceOf(topic));
    }

    [Fact]
    public void The_deepest_and_longest_topics_that_fit_are_not_hashed()
    {
        // /mercure, 30 pieces, ~: 32 segments.
        var deep = string.Join('/', Enumerable.Repeat("d", 30));
        Assert.True(Map.TryGetTopic(Map.NamespaceOf(deep), out _));
        Assert.False(Map.TryGetTopic(Map.NamespaceOf(deep + "/d"), out _));

        // "/mercure" (8) + "/" + piece + "/~" (2) = 1024 bytes.
        var longest = new string('l', NamespacePath.MaxBytes - 11);
        Assert.Equal(NamespacePath.MaxBytes, Encoding.UTF8.GetByteCount(Map.NamespaceOf(longest)));
        Assert.True(Map.TryGetTopic(Map.NamespaceOf(longest), out _));
        Assert.False(Map.TryGetTopic(Map.NamespaceOf(longest + "l"), out _));
    }

    [Theory]
    [InlineData("*", "/mercure")]
    [InlineData("https://example.com/books/1", "/mercure/https:/~~/example.com/books/1/~")]
    [InlineData("https://example.com/books/{id}", "/mercure/https:/~~/example.com/books")]
    [InlineData("https://example.com/books/{id}/reviews/{review}", "/mercure/https:/~~/example.com/books")]
    [InlineData("https://example.com/books{/id}", "/mercure/https:/~~/example.com")]
    [InlineData("https://example.com/{+path}", "/mercure/https:/~~/example.com")]
    [InlineData("/books/{id}", "/mercure/~~/books")]
    [InlineData("{scheme}://example.com/{id}", "/mercure")]
    [InlineData("urn:book:{id}", "/mercure")]
    [InlineData("https://example.com/books/{id", "/mercure/https:/~~/example.com/books/{id/~")]
    public void A_selector_reads_the_narrowest_subtree_that_holds_every_topic_it_matches(string selector, string subtree) =>
        Assert.Equal(subtree, Map.SubtreeOf(TopicSelector.Parse(selector)));

    // Templates of every operator behind literal prefixes short, long and deep; topics they match, short,
    // long and deep: each matched topic's namespace is inside the selector's subtree.
    [Fact]
    public void Every_topic_a_selector_matches_is_inside_its_subtree()
    {
        var random = new Random(6570);
        string[] prefixes =
        [
            "", "https://example.com/", "https://example.com/books", "https://example.com/books/",
            "/" + string.Join('/', Enumerable.Repeat("deep", 40)) + "/",
            "https://example.com/" + new string('p', 1100) + "/",
            "https://example.com/" + string.Join('/', Enumerable.Repeat(new string('q', 60), 15)) + "/",
        ];
        string[] expressions = ["{id}", "{+rest}", "{/path*}", "{#frag}", "{.ext}", "{?q,r}", "{;m}", "{a}/{b}/tail"];
        string[] pieces = ["1", "a", "b/c", "/", "x%2Fy", "", "~", ".", "..", "tail", new string('z', 900), string.Join('/', Enumerable.Repeat("w", 35))];
        var checkedMatches = 0;
        foreach (var prefix in prefixes)
        {
            foreach (var expression in expressions)
            {
                var selector = TopicSelector.Parse(prefix + expression);
                Assert.Equal(TopicSelectorKind.Template, selector.Kind);
                var subtree = Map.SubtreeOf(selector);
                Assert.True(NamespacePath.IsNormalized(subtree), subtree);
                for (var i = 0; i < 200; i++)
                {
                    var topic = prefix + string.Concat(Enumerable.Range(0, random.Next(1, 4)).Select(_ => pieces[random.Next(pieces.Length)]));
                    foreach (var candidate in new[] { topic, topic.Replace('/', random.Next(2) == 0 ? '.' : '/') })
                    {
                        if (selector.Matches(candidate))
                        {
                            checkedMatches++;
                            Assert.True(NamespaceGrant.Covers(subtree, Map.NamespaceOf(candidate)), $"{selector} ({subtree}) and {candidate}");
                        }
                    }
                }

                Assert.True(NamespaceGrant.Covers(subtree, Map.NamespaceOf(selector.Raw)), selector.Raw);
            }
        }

        Assert.True(checkedMatches > 1000, $"only {checkedMatches} matched topics were checked");
    }

    [Fact]
    public void A_subscriber_reads_each_subtree_once()
    {
        Assert.Equal(
            ["/mercure/https:/~~/example.com", "/mercure/urn:a/~"],
            Map.SubtreesOf(TopicSelectorSet.Parse(["https://example.com/books/{id}", "https://example.com/{+any}", "urn:a", "https://example.com/books/1"])));
        Assert.Equal(["/mercure"], Map.SubtreesOf(TopicSelectorSet.Parse(["urn:a", "*", "https://example.com/{id}"])));
    }

    [Fact]
    public void Another_root_holds_topics_the_same_way()
    {
        var atRoot = new TopicNamespaces("/");
        Assert.Equal("/https:/~~/example.com/~", atRoot.NamespaceOf("https://example.com"));
        Assert.Equal("/", atRoot.SubtreeOf(TopicSelector.Parse("*")));
        Assert.True(atRoot.TryGetTopic("/https:/~~/example.com/~", out var topic));
        Assert.Equal("https://example.com", topic);

        var nested = new TopicNamespaces("/apps/shop/mercure");
        Assert.Equal("/apps/shop/mercure/books/~", nested.NamespaceOf("books"));
        var deep = string.Join('/', Enumerable.Repeat("d", 40));
        Assert.True(NamespacePath.IsNormalized(nested.NamespaceOf(deep)));
    }

    [Theory]
    [InlineData("mercure")]
    [InlineData("/mercure/")]
    [InlineData("/a//b")]
    public void The_root_must_be_a_normalized_namespace(string root) =>
        Assert.Throws<ArgumentException>(() => new TopicNamespaces(root));

    [Fact]
    public void A_topic_that_is_not_well_formed_unicode_has_no_namespace() =>
        Assert.Throws<ArgumentException>(() => Map.NamespaceOf("a\ud800b"));
}
