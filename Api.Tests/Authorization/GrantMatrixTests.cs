using System.Net;

namespace SseOrleans.Api.Tests.Authorization;

/// <summary>
/// A grant is a subtree, over HTTP: each row is a token's one grant, the namespace asked for, and the
/// answer. Nothing of <c>/users</c> is public on this host, and loopback alone does not publish.
/// </summary>
[Collection(JwtCollectionDefinition.Name)]
public sealed class GrantMatrixTests(JwtHostFixture fixture)
{
    private readonly HttpClient _http = fixture.Host.Http;

    public static TheoryData<string, string, HttpStatusCode> Matrix(HttpStatusCode allowed) => new()
    {
        { "/users/42", "/users/42", allowed },                          // exact
        { "/users/42", "/users/42/inbox", allowed },                    // subtree
        { "/users/42", "/users/42/inbox/unread/today", allowed },       // deep in the subtree
        { "/users/42", "/users/420", HttpStatusCode.Forbidden },        // sibling with the grant as its prefix
        { "/users/42", "/users/42x/inbox", HttpStatusCode.Forbidden },  // the same, one level down
        { "/users/42", "/users", HttpStatusCode.Forbidden },            // ancestor
        { "/users/42", "/", HttpStatusCode.Forbidden },                 // root
        { "/users/42", "/Users/42", HttpStatusCode.Forbidden },         // case-sensitive
        { "/users/42/", "/users/42/inbox", allowed },                   // a trailing slash in the grant is ignored
        { "*", "/", allowed },                                          // everything
        { "*", "/users/420", allowed },
        { "/", "/users/42/inbox", allowed },                            // the root's subtree is everything
    };

    public static TheoryData<string, string, HttpStatusCode> SubscribeMatrix => Matrix(HttpStatusCode.OK);

    public static TheoryData<string, string, HttpStatusCode> PublishMatrix => Matrix(HttpStatusCode.Accepted);

    [Theory]
    [MemberData(nameof(SubscribeMatrix))]
    public async Task A_subscribe_grant_allows_its_subtree_and_nothing_else(string grant, string path, HttpStatusCode expected)
    {
        using var response = await AuthRequests.SubscribeAsync(_http, path, Tokens.Hs256(subscribe: [grant]));
        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.OK)
        {
            Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        }
        else
        {
            Assert.Contains(path, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Contains("insufficient_scope", AuthRequests.Challenge(response), StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(PublishMatrix))]
    public async Task A_publish_grant_allows_its_subtree_and_nothing_else(string grant, string path, HttpStatusCode expected)
    {
        using var response = await AuthRequests.PublishAsync(_http, path, Tokens.Hs256(publish: [grant]));
        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task A_subscribe_grant_does_not_allow_publishing_nor_a_publish_grant_subscribing()
    {
        using var publish = await AuthRequests.PublishAsync(_http, "/users/42", Tokens.Hs256(subscribe: ["/users/42"]));
        Assert.Equal(HttpStatusCode.Forbidden, publish.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (HttpStatusCode)await AuthRequests.SubscribeStatusAsync(_http, "/users/42", Tokens.Hs256(publish: ["/users/42"])));
    }

    [Theory]
    [InlineData("https://example.com/users/42")]   // a Mercure topic URL: its host has no counterpart here
    [InlineData("/users/{id}")]                    // a URI template is not expanded
    [InlineData("users/42")]                       // not a namespace (no leading /)
    [InlineData("/users//42")]                     // not a namespace (empty segment)
    public async Task A_selector_that_is_not_a_namespace_grants_nothing(string selector) =>
        Assert.Equal(HttpStatusCode.Forbidden, (HttpStatusCode)await AuthRequests.SubscribeStatusAsync(_http, "/users/42", Tokens.Hs256(subscribe: [selector])));

    [Fact]
    public async Task Mercure_1_authorization_details_grant_like_the_mercure_claim()
    {
        var token = Tokens.WithClaims(new Dictionary<string, object>
        {
            ["authorization_details"] = new object[]
            {
                new Dictionary<string, object>
                {
                    ["type"] = "https://mercure.rocks/authorization-detail",
                    ["actions"] = (string[])["subscribe"],
                    ["topics"] = new object[]
                    {
                        new Dictionary<string, object> { ["match"] = "/users/42" },
                        new Dictionary<string, object> { ["match"] = "/users/:id", ["match_type"] = "urlpattern" },
                    },
                },
            },
        });

        Assert.Equal(HttpStatusCode.OK, (HttpStatusCode)await AuthRequests.SubscribeStatusAsync(_http, "/users/42/inbox", token));
        Assert.Equal(HttpStatusCode.Forbidden, (HttpStatusCode)await AuthRequests.SubscribeStatusAsync(_http, "/users/7", token));
        using var publish = await AuthRequests.PublishAsync(_http, "/users/42", token);
        Assert.Equal(HttpStatusCode.Forbidden, publish.StatusCode);
    }

    [Fact]
    public async Task The_publish_key_still_publishes_beside_tokens()
    {
        using var response = await AuthRequests.PublishAsync(_http, "/users/42/inbox", JwtHostFixture.PublishKey);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task Publishing_without_a_token_or_key_is_unauthorized_even_from_loopback()
    {
        using var response = await AuthRequests.PublishAsync(_http, "/news", token: null);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", AuthRequests.Challenge(response));
        Assert.Contains("Sse:PublishKey", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
