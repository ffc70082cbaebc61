using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace SseOrleans.FrontEnd.Authorization;

/// <summary>
/// Where a token comes from, in this order: <c>Authorization: Bearer</c> (read by the JWT handler itself),
/// the cookie <c>Sse:Auth:CookieName</c> (<c>mercureAuthorization</c>; the first one when a request has
/// several), the query parameter
/// <c>authorization</c>, then <c>access_token</c>. A browser's <c>EventSource</c> cannot set headers,
/// hence the cookie and the query; the query's token has been taken out of the request before anything
/// logged it (<see cref="QueryTokenRedaction"/>). An endpoint with an order of its own (the Mercure hub: header,
/// query, cookie) chooses the token first and hands it over as a <see cref="ChosenTokenFeature"/>.
/// </summary>
internal static class TokenSources
{
    public const string QueryParameter = "authorization";
    public const string AccessTokenQueryParameter = "access_token";

    public static Task OnMessageReceived(MessageReceivedContext context, string cookieName)
    {
        var request = context.Request;
        if (context.HttpContext.Features.Get<ChosenTokenFeature>() is { } chosen)
        {
            context.Token = chosen.Token;
        }
        else if (SecretComparison.BearerToken(request) is null)
        {
            context.Token = FirstCookie(request, cookieName) is { Length: > 0 } cookie ? cookie : FromQuery(context.HttpContext);
        }

        return Task.CompletedTask;
    }

    // The first cookie of the name, where ASP.NET Core's collection keeps the last. Browsers send the
    // cookie of the most specific path first, then the oldest: a cookie set later for a wider path or for
    // the parent domain (which a sibling subdomain may set) does not override the user's own.
    private static string? FirstCookie(HttpRequest request, string name)
    {
        if (CookieHeaderValue.TryParseList(request.Headers.Cookie, out var cookies))
        {
            foreach (var cookie in cookies)
            {
                if (cookie.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
                {
                    return HeaderUtilities.RemoveQuotes(cookie.Value).ToString();
                }
            }
        }

        return null;
    }

    private static string? FromQuery(HttpContext context)
    {
        if (context.Features.Get<QueryTokenFeature>() is { } taken)
        {
            return taken.Token;
        }

        // A path the redaction did not recognise as ours (it is only as sure as the endpoints' routes).
        var query = context.Request.Query;
        return query[QueryParameter] is { Count: > 0 } authorization ? authorization.ToString()
            : query[AccessTokenQueryParameter] is { Count: > 0 } accessToken ? accessToken.ToString()
            : null;
    }
}
