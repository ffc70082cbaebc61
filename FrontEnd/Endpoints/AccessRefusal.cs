using Microsoft.AspNetCore.Http;
using SseOrleans.FrontEnd.Authorization;

namespace SseOrleans.FrontEnd.Endpoints;

/// <summary>
/// A refused <see cref="NamespaceAccess"/> as an answer (RFC 6750): <c>401</c> with
/// <c>WWW-Authenticate: Bearer</c> when a credential could help (<c>error="invalid_token"</c> when the one
/// sent is not valid), <c>403</c> when the caller is known but has no grant for the namespace; each with
/// its one-line reason.
/// </summary>
internal static class AccessRefusal
{
    public static IResult? Of(HttpContext context, NamespaceAccess access)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(access);
        var reason = access.Reason ?? "not allowed";
        var headers = context.Response.Headers;
        switch (access.Outcome)
        {
            case NamespaceAccessOutcome.Allowed:
                return null;
            case NamespaceAccessOutcome.Unauthenticated:
                headers.WWWAuthenticate = "Bearer";
                return PlainTextError.Of(StatusCodes.Status401Unauthorized, reason);
            case NamespaceAccessOutcome.InvalidToken:
                headers.WWWAuthenticate = $"Bearer error=\"invalid_token\", error_description=\"{reason}\"";
                return PlainTextError.Of(StatusCodes.Status401Unauthorized, reason);
            case NamespaceAccessOutcome.Forbidden:
                headers.WWWAuthenticate = "Bearer error=\"insufficient_scope\"";
                return PlainTextError.Of(StatusCodes.Status403Forbidden, reason);
            default:
                return PlainTextError.Of(StatusCodes.Status403Forbidden, reason);
        }
    }
}
