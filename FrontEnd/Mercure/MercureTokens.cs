using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using SseOrleans.FrontEnd.Authorization;

namespace SseOrleans.FrontEnd.Mercure;

/// <summary>
/// Which of a request's credentials the hub uses, in Mercure's order (a MUST of its specification): the
/// <c>Authorization</c> header whenever there is one (then it must be <c>Bearer &lt;token&gt;</c>, and the
/// query and the cookie are ignored), else the <c>authorization</c> query parameter, else the cookie.
/// SseOrleans' own endpoints take the cookie before the query; here the query comes first.
/// </summary>
internal static class MercureTokens
{
    private const string BearerPrefix = "Bearer ";

    /// <summary>
    /// The source and the token the hub authenticates the request with; a <c>401</c> refusal when the source
    /// that wins is malformed (a header of another scheme, an empty token).
    /// </summary>
    public static MercureTokenSource Locate(HttpContext context, string cookieName, out string? token, out MercureRefusal? refusal)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        token = null;
        refusal = null;
        if (request.Headers.TryGetValue(HeaderNames.Authorization, out var headers))
        {
            var header = headers.Count == 1 ? headers[0] : null;
            if (header is null || !header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) || header[BearerPrefix.Length..].Trim().Length == 0)
            {
                refusal = Unauthorized("the Authorization header must be one 'Bearer <token>'");
                return MercureTokenSource.Header;
            }

            token = header[BearerPrefix.Length..].Trim();
            return MercureTokenSource.Header;
        }

        // The query's token was taken out of the request before it was logged (QueryTokenRedaction).
        var query = context.Features.Get<QueryTokenFeature>()?.Token
            ?? (request.Query.TryGetValue(TokenSources.QueryParameter, out var values) ? values.ToString() : null);
        if (query is not null)
        {
            token = query.Length > 0 ? query : null;
            refusal = token is null ? Unauthorized($"the '{TokenSources.QueryParameter}' query parameter is empty") : null;
            return MercureTokenSource.Query;
        }

        // ASP.NET Core reads an empty cookie as no cookie: an anonymous caller.
        if (request.Cookies.TryGetValue(cookieName, out var cookie) && cookie.Length > 0)
        {
            token = cookie;
            return MercureTokenSource.Cookie;
        }

        return MercureTokenSource.None;
    }

    private static MercureRefusal Unauthorized(string reason) => new(StatusCodes.Status401Unauthorized, reason);
}
