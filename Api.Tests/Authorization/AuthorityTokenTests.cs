using System.Net;
using Microsoft.IdentityModel.Tokens;

namespace SseOrleans.Api.Tests.Authorization;

/// <summary>Tokens of an OpenID Connect authority, checked against the keys it publishes; nothing is public on this host.</summary>
[Collection(AuthorityCollectionDefinition.Name)]
public sealed class AuthorityTokenTests(AuthorityFixture fixture)
{
    private readonly TestAuthority _authority = fixture.Host.Authority;
    private readonly HttpClient _http = fixture.Host.Api.Http;

    [Theory]
    [InlineData(SecurityAlgorithms.RsaSha256)]
    [InlineData(SecurityAlgorithms.EcdsaSha256)]
    public async Task A_token_signed_with_a_published_key_grants_its_subtree(string algorithm)
    {
        var token = _authority.Token(algorithm, ["/tenants/acme"]);
        Assert.Equal(HttpStatusCode.OK, (HttpStatusCode)await AuthRequests.SubscribeStatusAsync(_http, "/tenants/acme/orders", token));
        Assert.Equal(HttpStatusCode.Forbidden, (HttpStatusCode)await AuthRequests.SubscribeStatusAsync(_http, "/tenants", token));
    }

    public static TheoryData<string, Func<TestAuthority, string>, string> BadTokens => new()
    {
        { "wrong audience", authority => authority.Token(SecurityAlgorithms.RsaSha256, ["*"], audience: "another-hub"), "audience" },
        { "wrong issuer", authority => authority.Token(SecurityAlgorithms.RsaSha256, ["*"], issuer: "https://elsewhere.example"), "issuer" },
        { "key not published", authority => authority.Token(SecurityAlgorithms.RsaSha256, ["*"], key: Tokens.NewRsaKey("rsa-1")), "signature" },
        { "HS256 with the public key", HmacWithPublicKey, "signature" },
        { "alg none", _ => Tokens.Unsigned(["*"]), "signature" },
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task A_token_the_authority_did_not_issue_for_this_audience_is_refused(string what, Func<TestAuthority, string> token, string reason)
    {
        using var response = await AuthRequests.SubscribeAsync(_http, "/tenants/acme", token(_authority));
        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, what);
        var challenge = AuthRequests.Challenge(response);
        Assert.True(challenge.Contains("invalid_token", StringComparison.Ordinal) && challenge.Contains(reason, StringComparison.Ordinal), $"{what}: {challenge}");
    }

    [Fact]
    public async Task With_nothing_public_an_anonymous_subscribe_to_the_root_is_unauthorized()
    {
        using var response = await AuthRequests.SubscribeAsync(_http, "/");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    // The algorithm-confusion attack: an HMAC keyed with the RSA public key's bytes.
    private static string HmacWithPublicKey(TestAuthority authority)
    {
        var publicKey = authority.RsaKey.Rsa.ExportSubjectPublicKeyInfo();
        return authority.Token(SecurityAlgorithms.HmacSha256, ["*"], key: new SymmetricSecurityKey(publicKey) { KeyId = authority.RsaKey.KeyId });
    }
}
