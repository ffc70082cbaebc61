using Microsoft.Extensions.Options;

namespace SseOrleans.Abstractions.Tests;

/// <summary><c>Sse:Auth</c> and <c>Sse:Anonymous</c>: defaults that change nothing, and settings that cannot work refused at start.</summary>
public sealed class SseAuthOptionsTests
{
    private const string Key = "a-shared-secret-of-at-least-32-bytes";

    [Fact]
    public void By_default_no_token_is_read_and_every_namespace_is_public()
    {
        var options = BoundOptions.From([]);
        Assert.False(options.Auth.IsConfigured);
        Assert.Equal(["/"], options.Anonymous.Subscribe);
        Assert.Equal("mercureAuthorization", options.Auth.CookieName);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Auth.ClockSkew);
        Assert.True(options.Auth.RequireExpiration);
    }

    [Fact]
    public void A_configured_public_list_replaces_the_default_instead_of_joining_it()
    {
        Assert.Equal(["/news", "/status"], BoundOptions.From(new() { ["Sse:Anonymous:Subscribe:0"] = "/news", ["Sse:Anonymous:Subscribe:1"] = "/status" }).Anonymous.Subscribe);
        Assert.Equal([""], BoundOptions.From(new() { ["Sse:Anonymous:Subscribe:0"] = "" }).Anonymous.Subscribe);
    }

    [Fact]
    public void A_signing_key_or_an_authority_with_its_audience_turns_tokens_on()
    {
        Assert.True(BoundOptions.From(new() { ["Sse:Auth:SigningKey"] = Key }).Auth.IsConfigured);
        Assert.True(BoundOptions.From(new() { ["Sse:Auth:Authority"] = "https://login.example", ["Sse:Auth:Audience"] = "sse" }).Auth.IsConfigured);
        Assert.True(BoundOptions.From(new() { ["Sse:Auth:Authority"] = "http://127.0.0.1:5000", ["Sse:Auth:Audience"] = "sse" }).Auth.IsConfigured);
    }

    [Theory]
    [InlineData("Sse:Auth:SigningKey", "only-31-bytes-of-secret-here!!!", "at least 32 bytes")]
    [InlineData("Sse:Auth:Authority", "http://login.example", "http only for a loopback authority")]
    [InlineData("Sse:Auth:Authority", "not a url", "must be an https URL")]
    [InlineData("Sse:Auth:Audience", "sse", "need Sse:Auth:SigningKey or Sse:Auth:Authority")]
    [InlineData("Sse:Auth:Issuer", "https://login.example", "need Sse:Auth:SigningKey or Sse:Auth:Authority")]
    [InlineData("Sse:Auth:ClockSkew", "00:10:00", "between 00:00:00 and 00:05:00")]
    [InlineData("Sse:Auth:CookieName", "my cookie", "must be a cookie name")]
    [InlineData("Sse:Anonymous:Subscribe:0", "news", "is not a namespace")]
    [InlineData("Sse:Anonymous:Subscribe:0", "/news//x", "is not a namespace")]
    public void Auth_settings_that_cannot_work_stop_the_start_with_a_message_naming_them(string key, string value, string message)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => BoundOptions.From(new() { [key] = value }));
        Assert.Contains(message, failure.Message, StringComparison.Ordinal);
        Assert.Contains(key.EndsWith(":0", StringComparison.Ordinal) ? key[..^2] : key, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_signing_key_and_an_authority_together_are_refused()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => BoundOptions.From(new()
        {
            ["Sse:Auth:SigningKey"] = Key,
            ["Sse:Auth:Authority"] = "https://login.example",
            ["Sse:Auth:Audience"] = "sse",
        }));
        Assert.Contains("cannot both be set", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_authority_needs_an_audience()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => BoundOptions.From(new() { ["Sse:Auth:Authority"] = "https://login.example" }));
        Assert.Contains("Sse:Auth:Audience must be set", failure.Message, StringComparison.Ordinal);
    }
}
