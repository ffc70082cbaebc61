using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.Mercure;

namespace SseOrleans.Api.Tests.Mercure;

public sealed class MercureNamespaceRuleTests
{
    [Theory]
    [InlineData("/mercure", true)]
    [InlineData("/apps/hub", true)]
    [InlineData("mercure", false)]
    [InlineData("/mercure/", false)]
    [InlineData("/a//b", false)]
    [InlineData("", false)]
    public void The_mercure_namespace_must_be_normalized_when_the_hub_is_on(string root, bool valid)
    {
        var options = new SseOptions { Mercure = { Namespace = root } };

        Assert.Equal(valid, new MercureNamespaceRule().Validate(null, options).Succeeded);
        options.Mercure.Enabled = false;
        Assert.True(new MercureNamespaceRule().Validate(null, options).Succeeded);
    }
}
