using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.Authorization;

namespace SseOrleans.Api.Tests.Authorization;

/// <summary>The publish rule that needs no token (loopback, or <c>Sse:PublishKey</c>) as a credential of the model.</summary>
public sealed class PublishRuleTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public async Task Without_a_key_loopback_callers_may_publish_anywhere(string address) =>
        Assert.True((await PublishAsync(key: null, address, authorization: null, "/any/where")).Allowed);

    [Theory]
    [InlineData("10.1.2.3")]
    [InlineData("203.0.113.9")]
    [InlineData(null)]
    public async Task Without_a_key_other_callers_are_refused_with_the_setting_named(string? address)
    {
        var access = await PublishAsync(key: null, address, authorization: null);
        Assert.Equal(NamespaceAccessOutcome.NotPossible, access.Outcome);
        Assert.Contains("Sse:PublishKey", access.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong")]
    [InlineData("Basic s3cret-publish-key")]
    [InlineData("s3cret-publish-key")]
    public async Task With_a_key_a_caller_without_it_is_unauthenticated_even_on_loopback(string? authorization) =>
        Assert.Equal(NamespaceAccessOutcome.Unauthenticated, (await PublishAsync("s3cret-publish-key", "127.0.0.1", authorization)).Outcome);

    [Theory]
    [InlineData("Bearer s3cret-publish-key")]
    [InlineData("bearer s3cret-publish-key")]
    public async Task With_a_key_any_caller_that_sends_it_may_publish(string authorization) =>
        Assert.True((await PublishAsync("s3cret-publish-key", "203.0.113.9", authorization)).Allowed);

    [Fact]
    public async Task The_publish_key_grants_publishing_only()
    {
        var options = new SseOptions { PublishKey = "s3cret-publish-key", Anonymous = { Subscribe = [""] } };
        var access = await Authorizers.Create(options).AuthorizeAsync(
            Authorizers.Request("203.0.113.9", "Bearer s3cret-publish-key"), "/pets", NamespaceOperation.Subscribe);
        Assert.Equal(NamespaceAccessOutcome.Unauthenticated, access.Outcome);
    }

    private static Task<NamespaceAccess> PublishAsync(string? key, string? address, string? authorization, string path = "/pets") =>
        Authorizers.Create(new SseOptions { PublishKey = key }).AuthorizeAsync(Authorizers.Request(address, authorization), path, NamespaceOperation.Publish);
}
