using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using SseOrleans.FrontEnd.Mercure;

namespace SseOrleans.Api.Tests.Mercure;

/// <summary>The Mercure claims as the hub reads them for its own endpoint: selectors, not namespaces.</summary>
public sealed class MercureGrantsTests
{
    [Fact]
    public void The_mercure_claim_gives_publish_and_subscribe_selectors_and_the_payload()
    {
        var grants = MercureGrants.From(User(("mercure", """{"publish":["https://example.com/books/{id}"],"subscribe":["*"],"payload":{"user":"alice"}}""")));
        Assert.True(grants.Publish!.Matches("https://example.com/books/1"));
        Assert.False(grants.Publish.Matches("https://example.com/authors/1"));
        Assert.True(grants.Subscribe.HasEverything);
        Assert.Equal("alice", grants.Payload!.Value.GetProperty("user").GetString());
    }

    [Fact]
    public void Without_any_publish_claim_there_is_no_publish_grant_and_an_empty_list_is_empty()
    {
        Assert.Null(MercureGrants.From(User(("mercure", """{"subscribe":["*"]}"""))).Publish);
        Assert.True(MercureGrants.From(User(("mercure", """{"publish":[]}"""))).Publish!.IsEmpty);
        Assert.Null(MercureGrants.From(User()).Publish);
    }

    [Fact]
    public void Match_objects_are_exact_and_other_match_types_grant_nothing()
    {
        var grants = MercureGrants.From(User(("mercure", """
            {"subscribe":[{"match":"https://example.com/books/{id}"},{"match":"urn:a","match_type":"exact"},{"match":"/b/:id","match_type":"urlpattern"}]}
            """)));
        Assert.True(grants.Subscribe.Matches("https://example.com/books/{id}"));
        Assert.False(grants.Subscribe.Matches("https://example.com/books/1"));
        Assert.True(grants.Subscribe.Matches("urn:a"));
        Assert.False(grants.Subscribe.Matches("/b/1"));
        Assert.False(grants.Subscribe.Matches("/b/:id"));
    }

    [Fact]
    public void The_namespaced_claim_stands_for_the_mercure_claim()
    {
        var grants = MercureGrants.From(User(
            ("mercure", """{"publish":["urn:plain"]}"""),
            ("https://mercure.rocks/", """{"publish":["urn:namespaced"]}""")));
        Assert.True(grants.Publish!.Matches("urn:namespaced"));
        Assert.False(grants.Publish.Matches("urn:plain"));
    }

    [Fact]
    public void Authorization_details_add_their_topics_to_their_actions()
    {
        var grants = MercureGrants.From(User(
            ("authorization_details", """{"type":"https://mercure.rocks/authorization-detail","actions":["subscribe"],"topics":[{"match":"urn:s"},"urn:{t}"]}"""),
            ("authorization_details", """{"type":"https://mercure.rocks/authorization-detail","actions":["publish","subscribe"],"topics":[{"match":"*"}]}"""),
            ("authorization_details", """{"type":"https://other.example/","actions":["publish"],"topics":[{"match":"urn:no"}]}""")));
        Assert.True(grants.Subscribe.Matches("urn:s"));
        Assert.True(grants.Subscribe.Matches("urn:{t}"));
        Assert.True(grants.Publish!.HasEverything);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""["*"]""")]
    [InlineData("""{"publish":"*","subscribe":{"a":1}}""")]
    [InlineData("""{"publish":[1,true,null,{"other":"*"}]}""")]
    public void Malformed_claims_grant_nothing(string json)
    {
        var grants = MercureGrants.From(User(("mercure", json)));
        Assert.True(grants.Publish is null || grants.Publish.IsEmpty);
        Assert.True(grants.Subscribe.IsEmpty);
    }

    [Fact]
    public void Claims_of_an_identity_that_is_not_authenticated_grant_nothing()
    {
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim("mercure", """{"publish":["*"],"subscribe":["*"]}""", "JSON")]));
        var grants = MercureGrants.From(user);
        Assert.Null(grants.Publish);
        Assert.True(grants.Subscribe.IsEmpty);
    }

    [Fact]
    public void A_publisher_must_be_granted_every_topic_of_an_update()
    {
        var grants = MercureGrants.From(User(("mercure", """{"publish":["https://example.com/books/{id}"]}""")));
        Assert.Null(PublishPermission.Check(grants, ["https://example.com/books/1", "https://example.com/books/2"]));
        var refusal = PublishPermission.Check(grants, ["https://example.com/books/1", "https://example.com/users/alice"]);
        Assert.Equal(StatusCodes.Status403Forbidden, refusal!.StatusCode);
        Assert.Contains("https://example.com/users/alice", refusal.Reason, StringComparison.Ordinal);
        Assert.Contains("nothing was published", refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_publisher_without_a_publish_claim_or_with_an_empty_one_is_told_which()
    {
        Assert.Contains("no mercure.publish claim", PublishPermission.Check(MercureGrants.None, ["urn:a"])!.Reason, StringComparison.Ordinal);
        var empty = MercureGrants.From(User(("mercure", """{"publish":[]}""")));
        Assert.Contains("is empty", PublishPermission.Check(empty, ["urn:a"])!.Reason, StringComparison.Ordinal);
        var everything = MercureGrants.From(User(("mercure", """{"publish":["*"]}""")));
        Assert.Null(PublishPermission.Check(everything, ["urn:a", "/b"]));
    }

    private static ClaimsPrincipal User(params (string Type, string Json)[] claims) =>
        new(new ClaimsIdentity(claims.Select(claim => new Claim(claim.Type, claim.Json, "JSON")), "test"));
}
