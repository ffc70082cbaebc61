using Microsoft.AspNetCore.Http;
using SseOrleans.FrontEnd.Authorization;
using SseOrleans.FrontEnd.Mercure;

namespace SseOrleans.Api.Tests.Mercure;

/// <summary>Mercure's order of token sources: the header, else the query, else the cookie.</summary>
public sealed class MercureTokensTests
{
    private const string Cookie = "mercureAuthorization";

    [Fact]
    public void The_header_wins_over_the_query_and_the_cookie()
    {
        var context = Request(header: "Bearer from-header", query: "?authorization=from-query", cookie: "from-cookie");
        Assert.Equal(MercureTokenSource.Header, MercureTokens.Locate(context, Cookie, out var token, out var refusal));
        Assert.Equal("from-header", token);
        Assert.Null(refusal);
    }

    [Fact]
    public void The_query_wins_over_the_cookie()
    {
        Assert.Equal(MercureTokenSource.Query, MercureTokens.Locate(Request(query: "?topic=a&authorization=from-query", cookie: "from-cookie"), Cookie, out var token, out _));
        Assert.Equal("from-query", token);

        var redacted = Request(cookie: "from-cookie");
        redacted.Features.Set(new QueryTokenFeature("taken-out-of-the-query"));
        Assert.Equal(MercureTokenSource.Query, MercureTokens.Locate(redacted, Cookie, out token, out _));
        Assert.Equal("taken-out-of-the-query", token);
    }

    [Fact]
    public void The_cookie_is_used_alone()
    {
        Assert.Equal(MercureTokenSource.Cookie, MercureTokens.Locate(Request(cookie: "from-cookie"), Cookie, out var token, out var refusal));
        Assert.Equal("from-cookie", token);
        Assert.Null(refusal);
        Assert.Equal(MercureTokenSource.None, MercureTokens.Locate(Request(cookie: "from-cookie"), "otherCookie", out token, out refusal));
        Assert.Null(token);
        Assert.Null(refusal);
    }

    [Theory]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer")]
    [InlineData("Bearer   ")]
    [InlineData("token-without-scheme")]
    public void A_header_that_is_not_a_bearer_token_is_refused_whatever_else_the_request_has(string header)
    {
        Assert.Equal(MercureTokenSource.Header, MercureTokens.Locate(Request(header: header, cookie: "from-cookie"), Cookie, out var token, out var refusal));
        Assert.Null(token);
        Assert.Equal(StatusCodes.Status401Unauthorized, refusal!.StatusCode);
        Assert.Contains("Bearer", refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_query_token_is_refused_and_an_empty_cookie_is_none()
    {
        Assert.Equal(MercureTokenSource.Query, MercureTokens.Locate(Request(query: "?authorization=", cookie: "from-cookie"), Cookie, out _, out var refusal));
        Assert.Equal(StatusCodes.Status401Unauthorized, refusal!.StatusCode);
        Assert.Equal(MercureTokenSource.None, MercureTokens.Locate(Request(cookie: ""), Cookie, out var token, out refusal));
        Assert.Null(token);
        Assert.Null(refusal);
    }

    private static DefaultHttpContext Request(string? header = null, string? query = null, string? cookie = null)
    {
        var context = new DefaultHttpContext();
        if (header is not null)
        {
            context.Request.Headers.Authorization = header;
        }

        if (query is not null)
        {
            context.Request.QueryString = new QueryString(query);
        }

        if (cookie is not null)
        {
            context.Request.Headers.Cookie = $"{Cookie}={cookie}";
        }

        return context;
    }
}
