using System.Security.Claims;
using SseOrleans.FrontEnd.Authorization;

namespace SseOrleans.Api.Tests.Authorization;

/// <summary>The claim shapes of Mercure 0.x and 1.0, as a token handler hands them over (JSON values).</summary>
public sealed class MercureClaimsTests
{
    [Fact]
    public void The_mercure_claim_grants_each_operation_its_own_selectors()
    {
        var user = User(new Claim("mercure", """{"subscribe":["/users/42","https://example.com/x"],"publish":["/users/42/outbox"],"payload":{"a":1}}""", "JSON"));
        Assert.True(MercureClaims.Allow(user, NamespaceOperation.Subscribe, "/users/42/inbox"));
        Assert.False(MercureClaims.Allow(user, NamespaceOperation.Publish, "/users/42/inbox"));
        Assert.True(MercureClaims.Allow(user, NamespaceOperation.Publish, "/users/42/outbox/1"));
    }

    [Fact]
    public void Match_objects_are_read_and_url_patterns_grant_nothing()
    {
        var user = User(new Claim("mercure", """{"subscribe":[{"match":"/a"},{"match":"/b","match_type":"urlpattern"},{"match":"/c","match_type":"exact"}]}""", "JSON"));
        Assert.True(MercureClaims.Allow(user, NamespaceOperation.Subscribe, "/a"));
        Assert.False(MercureClaims.Allow(user, NamespaceOperation.Subscribe, "/b"));
        Assert.True(MercureClaims.Allow(user, NamespaceOperation.Subscribe, "/c/d"));
    }

    [Fact]
    public void Authorization_details_of_another_type_or_action_grant_nothing()
    {
        var user = User(
            new Claim("authorization_details", """{"type":"https://other.example/detail","actions":["subscribe"],"topics":[{"match":"*"}]}""", "JSON"),
            new Claim("authorization_details", """{"type":"https://mercure.rocks/authorization-detail","actions":["publish"],"topics":[{"match":"*"}]}""", "JSON"));
        Assert.False(MercureClaims.Allow(user, NamespaceOperation.Subscribe, "/x"));
        Assert.True(MercureClaims.Allow(user, NamespaceOperation.Publish, "/x"));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""["/users/42"]""")]
    [InlineData("""{"subscribe":"/users/42"}""")]
    [InlineData("""{"subscribe":[42]}""")]
    public void A_malformed_claim_grants_nothing(string json) =>
        Assert.False(MercureClaims.Allow(User(new Claim("mercure", json, "JSON")), NamespaceOperation.Subscribe, "/users/42"));

    [Fact]
    public void Claims_of_an_identity_that_is_not_authenticated_grant_nothing()
    {
        var anonymous = new ClaimsPrincipal(new ClaimsIdentity([new Claim("mercure", """{"subscribe":["*"]}""", "JSON")]));
        Assert.False(MercureClaims.Allow(anonymous, NamespaceOperation.Subscribe, "/"));
    }

    private static ClaimsPrincipal User(params Claim[] claims) => new(new ClaimsIdentity(claims, "test"));
}
