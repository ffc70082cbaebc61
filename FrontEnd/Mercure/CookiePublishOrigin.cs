using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using SseOrleans.FrontEnd.Endpoints;

namespace SseOrleans.FrontEnd.Mercure;

/// <summary>
/// The CSRF check of a publish authenticated by the cookie: a browser sends the cookie with a form POST that
/// any site's page makes it send, so such a publish must say where it comes from (<c>Origin</c>, or failing
/// that the origin of <c>Referer</c>) and come from this host or an origin of <c>Sse:PublishOrigins</c>;
/// with neither header it is refused, as Mercure's specification asks. A publish authenticated by the header
/// or the query is not a browser's ambient credential and is not checked here.
/// </summary>
internal static class CookiePublishOrigin
{
    /// <summary>Null when the publish may go on, else the <c>403</c> refusal.</summary>
    public static MercureRefusal? Check(HttpRequest request, string[] allowedOrigins, string cookieName)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(allowedOrigins);
        var origin = request.Headers[HeaderNames.Origin].ToString();
        if (origin.Length == 0)
        {
            var referer = request.Headers[HeaderNames.Referer].ToString();
            if (referer.Length == 0)
            {
                return Forbidden($"a publish authenticated by the {cookieName} cookie needs an Origin or Referer header (CSRF protection)");
            }

            if (!Uri.TryCreate(referer, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                return Forbidden("the Referer header is not an absolute http(s) URL");
            }

            origin = uri.GetLeftPart(UriPartial.Authority);
        }

        return CrossOrigin.IsAllowedOrigin(origin, request, allowedOrigins)
            ? null
            : Forbidden($"a publish authenticated by the {cookieName} cookie from {origin} is refused: that origin is not this host and not in Sse:PublishOrigins (CSRF protection)");
    }

    private static MercureRefusal Forbidden(string reason) => new(StatusCodes.Status403Forbidden, reason);
}
