using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;

namespace SseOrleans.FrontEnd.Authorization;

/// <summary>
/// Where a token comes from, in this order: <c>Authorization: Bearer</c> (read by the JWT handler itself),
/// the cookie <c>Sse:Auth:CookieName</c> (<c>mercureAuthorization</c>), the query parameter
/// <c>authorization</c>, then <c>access_token</c>. A browser's <c>EventSource</c> cannot set headers,
/// hence the cookie and the query; the query's token has been taken out of the request before anything
/// logged it (<see cref="QueryTokenRedaction"/>).
/// </summary>
internal static class TokenSources
{
    public const string QueryParameter = "authorization";
    public const string AccessTokenQueryParameter = "access_token";

    public static Task OnMessageReceived(MessageReceivedContext context, string cookieName)
    {
        var request = context.Request;
        if (SecretComparison.BearerToken(request) is null)
        {
            context.Token = request.Cookies[cookieName] is { Length: > 0 } cookie ? cookie : FromQuery(context.HttpContext);
        }

        return Task.CompletedTask;
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
