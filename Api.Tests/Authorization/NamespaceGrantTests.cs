using SseOrleans.FrontEnd.Authorization;

namespace SseOrleans.Api.Tests.Authorization;

/// <summary>The one rule: a grant is a subtree, by whole segments, case-sensitively.</summary>
public sealed class NamespaceGrantTests
{
    [Theory]
    [InlineData("/users/42", "/users/42", true)]
    [InlineData("/users/42", "/users/42/inbox", true)]
    [InlineData("/users/42", "/users/420", false)]
    [InlineData("/users/42", "/users/4", false)]
    [InlineData("/users/42", "/users", false)]
    [InlineData("/users/42", "/", false)]
    [InlineData("/users/42", "/Users/42", false)]
    [InlineData("/users/42", "/users/42-archive", false)]
    [InlineData("*", "/", true)]
    [InlineData("*", "/users/420", true)]
    [InlineData("/", "/users/42", true)]
    public void A_grant_covers_its_namespace_and_what_is_under_it(string grant, string path, bool covers) =>
        Assert.Equal(covers, NamespaceGrant.Covers(grant, path));

    [Theory]
    [InlineData("*", "*")]
    [InlineData("/", "/")]
    [InlineData("/users/42", "/users/42")]
    [InlineData("/users/42/", "/users/42")]
    [InlineData("/tenants/acme corp", "/tenants/acme corp")]
    public void Namespaces_and_the_wildcard_are_selectors(string selector, string grant)
    {
        Assert.True(NamespaceGrant.TryParse(selector, out var parsed));
        Assert.Equal(grant, parsed);
    }

    [Theory]
    [InlineData("https://example.com/users/42")]
    [InlineData("/users/{id}")]
    [InlineData("/books/{id}/reviews")]
    [InlineData("users/42")]
    [InlineData("urn:uuid:e1ee88e2")]
    [InlineData("/users//42")]
    [InlineData("/users/../admin")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_else_grants_nothing(string? selector) =>
        Assert.False(NamespaceGrant.TryParse(selector, out _));
}
