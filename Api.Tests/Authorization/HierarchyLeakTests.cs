using System.Net;
using SseOrleans.TestSupport;

namespace SseOrleans.Api.Tests.Authorization;

/// <summary>
/// A subscription delivers its whole subtree, so reading an ancestor of a private namespace is reading it:
/// only <c>/news</c> is public here, and a token for <c>/users/42</c> reads that subtree and no more.
/// </summary>
[Collection(JwtCollectionDefinition.Name)]
public sealed class HierarchyLeakTests(JwtHostFixture fixture) : IDisposable
{
    private readonly List<HttpClient> _clients = [];
    private readonly HttpClient _http = fixture.Host.Http;
    private readonly Uri _baseAddress = fixture.Host.BaseAddress;

    [Theory]
    [InlineData("/users")]
    [InlineData("/")]
    public async Task A_token_for_one_user_cannot_subscribe_to_an_ancestor_of_it(string ancestor)
    {
        using var response = await AuthRequests.SubscribeAsync(_http, ancestor, Tokens.Hs256(subscribe: ["/users/42"]));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/users")]
    [InlineData("/users/42")]
    [InlineData("/newsroom")]
    public async Task With_only_news_public_an_anonymous_subscribe_elsewhere_is_unauthorized(string path)
    {
        using var response = await AuthRequests.SubscribeAsync(_http, path);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", AuthRequests.Challenge(response));
        Assert.Contains($"{path} is not public", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_private_event_rises_to_every_ancestor_and_each_ancestor_refuses_whoever_has_no_grant_for_it()
    {
        // An event reaches the subscribers of its namespace and of every ancestor (a granted subscriber of
        // the root receives it: the event does rise), so what keeps it from the public is that no ancestor
        // can be subscribed to without a grant that covers it. Under subtree grants a public namespace
        // cannot be an ancestor of a private one: everything under /news is public.
        var id = Guid.NewGuid().ToString("N")[..8];
        var inbox = $"/users/{id}/inbox";
        string[] ancestors = ["/", "/users", $"/users/{id}", inbox];
        var stranger = Tokens.Hs256(subscribe: [$"/users/{id}0", "/news"]);
        foreach (var ancestor in ancestors)
        {
            Assert.Equal(401, await AuthRequests.SubscribeStatusAsync(_http, ancestor));
            Assert.Equal(403, await AuthRequests.SubscribeStatusAsync(_http, ancestor, stranger));
        }

        await using var everything = await OpenAsync("/", Tokens.Hs256(subscribe: ["*"]));
        await using var owner = await OpenAsync($"/users/{id}", Tokens.Hs256(subscribe: [$"/users/{id}"]));
        await using var anonymous = await OpenAsync("/news", token: null);
        await using var reader = await OpenAsync("/news", stranger);

        await PublishAsync(inbox, "private");
        Assert.Equal("private", (await everything.NextAsync()).Data);
        Assert.Equal("private", (await owner.NextAsync()).Data);

        // The public subscribers' first event is the public one published after the private one.
        await PublishAsync("/news/sports", "public");
        Assert.Equal("public", (await anonymous.NextAsync()).Data);
        Assert.Equal("public", (await reader.NextAsync()).Data);
        Assert.Equal("public", (await everything.NextAsync()).Data);
    }

    private async Task<SseClient> OpenAsync(string path, string? token)
    {
        var http = AuthRequests.ClientWith(_baseAddress, token);
        _clients.Add(http);
        return await SseClient.OpenAsync(http, "/subscribe" + path);
    }

    public void Dispose() => _clients.ForEach(client => client.Dispose());

    private async Task PublishAsync(string path, string data)
    {
        using var response = await AuthRequests.PublishAsync(_http, path, JwtHostFixture.PublishKey, data);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}
