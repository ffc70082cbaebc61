using System.Net;
using System.Net.Http.Headers;
using SseOrleans.TestSupport;

namespace SseOrleans.Api.Tests.Authorization;

/// <summary>A stream lives as long as its token: at <c>exp</c> (no clock skew on this host) a comment says so and the response ends.</summary>
[Collection(TokenExpiryCollectionDefinition.Name)]
public sealed class TokenExpiryTests(JwtHostFixture fixture)
{
    // Real time: the stream's timer and the token's validation both read the clock. Long enough for the
    // subscribe and one delivery on a busy machine, and the collection runs alone.
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromSeconds(10);

    private readonly HttpClient _http = fixture.Host.Http;

    [Fact]
    public async Task A_stream_ends_with_a_comment_when_its_token_expires_and_the_token_is_refused_after()
    {
        var ns = "/users/exp" + Guid.NewGuid().ToString("N")[..8];
        var expires = DateTimeOffset.UtcNow.Add(TokenLifetime);
        var token = Tokens.Hs256(subscribe: [ns], expires: expires);
        using var response = await AuthRequests.SubscribeAsync(_http, ns, token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStreamAsync();

        using var published = await AuthRequests.PublishAsync(_http, ns, JwtHostFixture.PublishKey, "before expiry");
        Assert.Equal(HttpStatusCode.Accepted, published.StatusCode);
        var text = await StreamText.ReadUntilAsync(body, ": the token has expired", TokenLifetime + SseClient.Timeout);
        Assert.Contains("data: before expiry", text, StringComparison.Ordinal);
        Assert.EndsWith(": the token has expired; reconnect with a fresh one\n\n", text, StringComparison.Ordinal);
        Assert.True(DateTimeOffset.UtcNow >= expires.AddSeconds(-1), "the stream ended before the token's exp (whole seconds)");

        using var timeout = new CancellationTokenSource(SseClient.Timeout);
        Assert.Equal(0, await body.ReadAsync(new byte[64], timeout.Token));

        using var again = new HttpRequestMessage(HttpMethod.Get, "/subscribe" + ns);
        again.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var refused = await _http.SendAsync(again);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("expired", AuthRequests.Challenge(refused), StringComparison.Ordinal);
    }
}
