using SseOrleans.FrontEnd.Endpoints;

namespace SseOrleans.Api.Tests.Endpoints;

/// <summary>
/// <see cref="NamespaceRoute"/> with what the server hands it: the raw target, the path it decoded
/// (PathBase and Path) and the route value. Covers route prefixes and path bases, which the HTTP tests'
/// host does not use.
/// </summary>
public sealed class NamespaceRouteTests
{
    [Theory]
    [InlineData("/subscribe/pets%2Fdogs", "/subscribe/pets%2Fdogs", "pets%2Fdogs", "/pets/dogs")]
    [InlineData("/subscribe/pets%252Fdogs", "/subscribe/pets%2Fdogs", "pets%2Fdogs", "/pets%2Fdogs")]
    [InlineData("/events/subscribe/a%252Fb?lastEventId=1-1", "/events/subscribe/a%2Fb", "a%2Fb", "/a%2Fb")]
    [InlineData("/base/events/publish/a/./b/../c", "/base/events/publish/a/c", "a/c", "/a/c")]
    [InlineData("/Base/subscribe/x", "/Base/subscribe/x", "x", "/x")]
    [InlineData("http://example.com:8001/subscribe/a/./b?q=1", "/subscribe/a/b", "a/b", "/a/b")]
    [InlineData("/subscribe/a/b/..", "/subscribe/a/", "a/", "/a")]
    [InlineData("/subscribe", "/subscribe", null, "/")]
    [InlineData("/subscribe/", "/subscribe/", "", "/")]
    [InlineData("/subscribe/pets/", "/subscribe/pets/", "pets/", "/pets")]
    [InlineData("/subscribe/%252e%252e", "/subscribe/%2e%2e", "%2e%2e", "/%2e%2e")]
    [InlineData("/subscribe/caf%C3%A9", "/subscribe/caf\u00e9", "caf\u00e9", "/caf\u00e9")]
    public void A_namespace_is_the_path_after_the_prefix_decoded_once(string raw, string serverPath, string? routeValue, string expected)
    {
        Assert.True(NamespaceRoute.TryParse(raw, serverPath, routeValue, out var path, out var error), error);
        Assert.Equal(expected, path);
    }

    [Theory]
    [InlineData("/subscribe/a/%2e%2e", "/subscribe", null, "'.' or '..'")]
    [InlineData("/events/subscribe/a/%2E/b", "/events/subscribe/a/b", "a/b", "'.' or '..'")]
    [InlineData("/base/subscribe/a%2F..", "/base/subscribe/a%2F..", "a%2F..", "'.' or '..'")]
    [InlineData("/subscribe/a%2F%2Fb", "/subscribe/a%2F%2Fb", "a%2F%2Fb", "empty segment")]
    [InlineData("/subscribe/a%00b", "/subscribe/a\0b", "a\0b", "control character")]
    [InlineData("/subscribe/a", "/subscribe/b", "b", "does not decode to one namespace")]
    public void Paths_that_are_not_one_namespace_are_refused_with_the_reason(string raw, string serverPath, string? routeValue, string reason)
    {
        Assert.False(NamespaceRoute.TryParse(raw, serverPath, routeValue, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_raw_target_the_route_value_is_all_there_is()
    {
        Assert.True(NamespaceRoute.TryParse(null, "/subscribe/a%2Fb", "a%2Fb", out var path, out _));
        Assert.Equal("/a/b", path);
    }

    [Theory]
    [InlineData("/pets", "/pets")]
    [InlineData("pets/", "/pets")]
    [InlineData("/a%2Fb", "/a%2Fb")]
    public void A_query_value_is_already_decoded_once(string value, string expected)
    {
        Assert.True(NamespaceRoute.TryParseDecoded(value, out var path, out _));
        Assert.Equal(expected, path);
    }
}
