using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace SseOrleans.FrontEnd.Authorization;

/// <summary>
/// Takes a token out of the query string of requests to the front-end's endpoints (<c>authorization</c>,
/// <c>access_token</c>) before any part of the server sees the request: the hosting layer logs
/// "Request starting" with the query string, and tracing records it, before the first middleware runs.
/// This factory runs before both. The token is kept in a <see cref="QueryTokenFeature"/> for the JWT
/// handler; every other parameter stays as it came. Requests to other paths are untouched (an app's own
/// endpoints may read <c>access_token</c> themselves, as SignalR does). Wrapping the default factory costs
/// its pooling of one <see cref="HttpContext"/> per connection: one allocation per request, not per event.
/// </summary>
internal sealed class QueryTokenRedaction(IHttpContextFactory inner, SseTokenPaths paths) : IHttpContextFactory
{
    public HttpContext Create(IFeatureCollection featureCollection)
    {
        ArgumentNullException.ThrowIfNull(featureCollection);
        var request = featureCollection.Get<IHttpRequestFeature>();
        if (request is { QueryString.Length: > 1 } && paths.Matches(request.Path)
            && Redact(request.QueryString, out var redacted) is { } token)
        {
            var rawTarget = request.RawTarget;
            var query = rawTarget.IndexOf('?', StringComparison.Ordinal);
            request.QueryString = redacted;
            if (query >= 0)
            {
                request.RawTarget = rawTarget[..query] + redacted;
            }

            featureCollection.Set(new QueryTokenFeature(token));
        }

        return inner.Create(featureCollection);
    }

    public void Dispose(HttpContext httpContext) => inner.Dispose(httpContext);

    /// <summary>
    /// The token of a query string (<c>?a=1&amp;authorization=T</c>), first <c>authorization</c> then
    /// <c>access_token</c>, and the query without any such parameter (<c>?a=1</c>); null when it has none.
    /// </summary>
    internal static string? Redact(string query, out string redacted)
    {
        string? authorization = null;
        string? accessToken = null;
        var kept = new List<string>();
        foreach (var pair in query.TrimStart('?').Split('&'))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Decode(equals < 0 ? pair : pair[..equals]);
            if (name.Equals(TokenSources.QueryParameter, StringComparison.OrdinalIgnoreCase))
            {
                authorization ??= equals < 0 ? string.Empty : Decode(pair[(equals + 1)..]);
            }
            else if (name.Equals(TokenSources.AccessTokenQueryParameter, StringComparison.OrdinalIgnoreCase))
            {
                accessToken ??= equals < 0 ? string.Empty : Decode(pair[(equals + 1)..]);
            }
            else if (pair.Length > 0)
            {
                kept.Add(pair);
            }
        }

        redacted = kept.Count == 0 ? string.Empty : "?" + string.Join('&', kept);
        return authorization is { Length: > 0 } ? authorization
            : accessToken is { Length: > 0 } ? accessToken
            : authorization ?? accessToken;
    }

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}
