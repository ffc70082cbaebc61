using Microsoft.AspNetCore.Http;
using SseOrleans.FrontEnd.Endpoints;

namespace SseOrleans.FrontEnd.Mercure;

/// <summary>How the hub answers: a refusal as one line of text (with <c>WWW-Authenticate</c> for a 401), its stream's headers.</summary>
internal static class MercureAnswers
{
    public static IResult Refuse(HttpContext context, MercureRefusal refusal)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(refusal);
        if (refusal.StatusCode == StatusCodes.Status401Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
        }

        return PlainTextError.Of(refusal.StatusCode, refusal.Reason);
    }

    /// <summary>Mercure's stream headers: private and never cached, never buffered by a proxy.</summary>
    public static void SetStreamHeaders(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "private, no-cache, no-store, must-revalidate, max-age=0";
        response.Headers["X-Accel-Buffering"] = "no";
    }
}
