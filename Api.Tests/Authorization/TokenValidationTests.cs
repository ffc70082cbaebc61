using System.Net;
using Microsoft.IdentityModel.Tokens;

namespace SseOrleans.Api.Tests.Authorization;

/// <summary>Only tokens signed with the configured secret, for this audience and not expired, count; a bad one is a <c>401 invalid_token</c>.</summary>
[Collection(JwtCollectionDefinition.Name)]
public sealed class TokenValidationTests(JwtHostFixture fixture)
{
    private readonly HttpClient _http = fixture.Host.Http;

    public static TheoryData<string, string, string> BadTokens => new()
    {
        { "alg none", Tokens.Unsigned(["*"]), "signature" },
        { "wrong key", Tokens.Hs256(subscribe: ["*"], signingKey: "another-secret-that-is-long-enough-too"), "signature" },
        { "wrong audience", Tokens.Hs256(subscribe: ["*"], audience: "another-hub"), "audience" },
        { "no audience", Tokens.Hs256(subscribe: ["*"], audience: null), "audience" },
        { "expired", Tokens.Hs256(subscribe: ["*"], expires: DateTimeOffset.UtcNow.AddMinutes(-1)), "expired" },
        { "HS512 (only HS256 is verified with the secret)", HmacSha512(), "signature" },
        { "not a JWT", "not-a-token", "not valid" },
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task A_token_that_is_not_valid_is_refused_with_invalid_token(string what, string token, string reason)
    {
        using var response = await AuthRequests.SubscribeAsync(_http, "/users/42", token);
        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, what);
        var challenge = AuthRequests.Challenge(response);
        Assert.StartsWith("Bearer error=\"invalid_token\"", challenge, StringComparison.Ordinal);
        Assert.True(challenge.Contains(reason, StringComparison.Ordinal), $"{what}: {challenge}");
        Assert.Contains(reason, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_that_is_not_valid_is_refused_even_for_a_public_namespace()
    {
        // The client must learn that its token is stale rather than be served less than it asked for.
        using var response = await AuthRequests.SubscribeAsync(_http, "/news", Tokens.Hs256(subscribe: ["*"], expires: DateTimeOffset.UtcNow.AddMinutes(-1)));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_valid_token_is_accepted_and_a_public_namespace_needs_none()
    {
        Assert.Equal(HttpStatusCode.OK, (HttpStatusCode)await AuthRequests.SubscribeStatusAsync(_http, "/users/42", Tokens.Hs256(subscribe: ["/users/42"])));
        Assert.Equal(HttpStatusCode.OK, (HttpStatusCode)await AuthRequests.SubscribeStatusAsync(_http, "/news/today"));
    }

    [Fact]
    public async Task A_bad_token_is_refused_for_publishing_too()
    {
        using var response = await AuthRequests.PublishAsync(_http, "/users/42", Tokens.Hs256(publish: ["*"], signingKey: "another-secret-that-is-long-enough-too"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("invalid_token", AuthRequests.Challenge(response), StringComparison.Ordinal);
    }

    private static string HmacSha512()
    {
        var key = new SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes(Tokens.SigningKey + Tokens.SigningKey));
        return new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Audience = Tokens.Audience,
            Claims = new Dictionary<string, object> { ["mercure"] = new Dictionary<string, object> { ["subscribe"] = (string[])["*"] } },
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha512),
        });
    }
}
