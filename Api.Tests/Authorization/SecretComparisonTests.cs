using Microsoft.AspNetCore.Http;
using SseOrleans.FrontEnd.Authorization;

namespace SseOrleans.Api.Tests.Authorization;

public sealed class SecretComparisonTests
{
    private const string Secret = "a-key-of-some-length";

    [Theory]
    [InlineData(Secret, true)]
    [InlineData("a-key-of-some-lengtH", false)]
    [InlineData("a-key", false)]
    [InlineData(Secret + "-and-more", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void A_presented_secret_matches_only_the_configured_one(string? presented, bool matches) =>
        Assert.Equal(matches, SecretComparison.Matches(presented, Secret));

    [Fact]
    public void A_cookie_holds_the_hash_of_the_secret_never_the_secret_and_the_hash_is_checked()
    {
        var hash = SecretComparison.Hash(Secret);
        Assert.DoesNotContain(Secret, hash, StringComparison.Ordinal);
        Assert.Equal(64, hash.Length);
        Assert.True(SecretComparison.HashMatches(hash, Secret));
        Assert.False(SecretComparison.HashMatches(Secret, Secret));
        Assert.False(SecretComparison.HashMatches(hash[..^1], Secret));
    }

    [Theory]
    [InlineData("Bearer k1", "k1")]
    [InlineData("bearer  k1 ", "k1")]
    [InlineData("Basic k1", null)]
    [InlineData("", null)]
    public void The_bearer_credential_is_read_from_the_authorization_header(string header, string? expected)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Authorization = header;
        Assert.Equal(expected, SecretComparison.BearerToken(context.Request));
    }
}
