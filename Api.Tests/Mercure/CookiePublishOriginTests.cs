using Microsoft.AspNetCore.Http;
using SseOrleans.FrontEnd.Mercure;

namespace SseOrleans.Api.Tests.Mercure;

/// <summary>The CSRF check of a publish that only the browser's cookie authenticates.</summary>
public sealed class CookiePublishOriginTests
{
    private static readonly string[] Allowed = ["https://app.example.com"];

    [Theory]
    [InlineData("https://hub.example.com", null)]
    [InlineData("https://app.example.com", null)]
    [InlineData("https://APP.example.com", null)]
    [InlineData(null, "https://hub.example.com/page?x=1")]
    [InlineData(null, "https://app.example.com/deep/page")]
    public void A_publish_from_this_host_or_an_allowed_origin_passes(string? origin, string? referer) =>
        Assert.Null(CookiePublishOrigin.Check(Request(origin, referer), Allowed, "mercureAuthorization"));

    [Theory]
    [InlineData("https://evil.example", null, "from https://evil.example is refused")]
    [InlineData("null", null, "from null is refused")]
    [InlineData(null, "https://evil.example/form", "from https://evil.example is refused")]
    [InlineData(null, "not a url", "not an absolute http(s) URL")]
    [InlineData(null, "file:///home/user/page.html", "not an absolute http(s) URL")]
    [InlineData(null, null, "needs an Origin or Referer header")]
    public void Any_other_publish_is_refused_with_its_reason(string? origin, string? referer, string reason)
    {
        var refusal = CookiePublishOrigin.Check(Request(origin, referer), Allowed, "mercureAuthorization");
        Assert.Equal(StatusCodes.Status403Forbidden, refusal!.StatusCode);
        Assert.Contains(reason, refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_origin_header_wins_over_the_referer() =>
        Assert.NotNull(CookiePublishOrigin.Check(Request("https://evil.example", "https://hub.example.com/page"), Allowed, "mercureAuthorization"));

    private static HttpRequest Request(string? origin, string? referer)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Post;
        context.Request.Host = new HostString("hub.example.com");
        if (origin is not null)
        {
            context.Request.Headers.Origin = origin;
        }

        if (referer is not null)
        {
            context.Request.Headers.Referer = referer;
        }

        return context.Request;
    }
}
