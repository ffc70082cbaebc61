using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace SseOrleans.FrontEnd.Endpoints;

/// <summary>
/// Which browser origins may use the publish and admin endpoints. A page on any site can make the
/// browser on this machine send a form POST to a loopback-only endpoint (no CORS preflight is
/// needed for one), so a request whose <c>Origin</c> is another site's is refused unless that
/// origin is configured. Requests without an <c>Origin</c> (curl, servers, same-origin GETs) pass.
/// </summary>
internal static class CrossOrigin
{
    public const string RefusedReason = "cross-origin requests are refused here";

    /// <summary>True when the request is not from a browser page of another origin, or that origin is in <paramref name="allowed"/>.</summary>
    public static bool IsAllowed(HttpRequest request, string[] allowed)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(allowed);
        var origin = request.Headers[HeaderNames.Origin].ToString();
        return origin.Length == 0 || IsAllowedOrigin(origin, request, allowed);
    }

    /// <summary>True when <paramref name="origin"/> is this host's own or one of <paramref name="allowed"/>.</summary>
    public static bool IsAllowedOrigin(string origin, HttpRequest request, string[] allowed)
    {
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(allowed);

        // Same origin: the page was served by this host (scheme aside, which a TLS proxy in front changes).
        if (Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        foreach (var candidate in allowed)
        {
            if (string.Equals(candidate.TrimEnd('/'), origin, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
