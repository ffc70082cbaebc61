using Microsoft.Extensions.Options;
using SseOrleans.Api.Tests.Authorization;
using SseOrleans.Api.Tests.Infrastructure;

namespace SseOrleans.Api.Tests.Admin;

/// <summary>
/// The admin pages list every namespace with subscribers (with request paths and user agents): with private
/// namespaces, a front-end whose admin is open to anyone does not start.
/// </summary>
public sealed class OpenAdminRuleTests
{
    private static readonly Dictionary<string, string?> PrivateNamespaces = new()
    {
        ["Sse:Auth:SigningKey"] = Tokens.SigningKey,
        ["Sse:Anonymous:Subscribe:0"] = "/news",
    };

    [Fact]
    public void With_private_namespaces_and_no_admin_key_the_front_end_refuses_to_start_and_says_why()
    {
        var refusal = Assert.Throws<OptionsValidationException>(() => new ApiHost(PrivateNamespaces));
        Assert.Contains("Sse:AdminKey must be set (or Sse:AdminEnabled=false) while some namespace is not public", refusal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Sse:AdminKey", "an-admin-key-long-enough")]
    [InlineData("Sse:AdminEnabled", "false")]
    [InlineData("Sse:Anonymous:Subscribe:0", "/")]
    public async Task An_admin_key_a_disabled_admin_or_every_namespace_public_lets_it_start(string key, string value)
    {
        await using var host = new ApiHost(new Dictionary<string, string?>(PrivateNamespaces) { [key] = value });
        using var alive = await host.Http.GetAsync("alive");
        Assert.True(alive.IsSuccessStatusCode);
    }
}
