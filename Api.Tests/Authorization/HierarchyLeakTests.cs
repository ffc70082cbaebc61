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
    public async Task Private_and_public_namespaces_are_served_side_by_side_and_nothing_private_reaches_a_public_subscriber()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        await using var anonymous = await OpenAsync("/news", token: null);
        await using var owner = await OpenAsync($"/users/{id}", Tokens.Hs256(subscribe: [$"/users/{id}"]));
        await using var reader = await OpenAsync("/news/sports", Tokens.Hs256(subscribe: [$"/users/{id}"]));  // public to token holders too

        await PublishAsync($"/users/{id}/inbox", "private");
        await PublishAsync("/news/sports", "public");

        Assert.Equal("private", (await owner.NextAsync()).Data);
        Assert.Equal("public", (await anonymous.NextAsync()).Data);
        Assert.Equal("public", (await reader.NextAsync()).Data);
        await PublishAsync($"/users/{id}", "second private");
        Assert.Equal("second private", (await owner.NextAsync()).Data);
        Assert.False(anonymous.TryTakeAny(out _));
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
