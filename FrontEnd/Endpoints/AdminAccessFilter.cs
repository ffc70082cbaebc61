using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.Authorization;

namespace SseOrleans.FrontEnd.Endpoints;

/// <summary>
/// Guards every admin endpoint. <c>Sse:AdminEnabled=false</c>: <c>403 admin endpoint disabled</c>.
/// <c>Sse:AdminKey</c> set: the key is required as <c>Authorization: Bearer {key}</c>, as <c>?key={key}</c>
/// (which also sets an HttpOnly cookie holding the key's SHA-256, so a browser keeps access to the page,
/// its assets and the Orleans dashboard), or as that cookie; such a viewer sees client IPs. No key set:
/// anyone may look, but only loopback viewers see client IPs.
/// </summary>
internal sealed class AdminAccessFilter(IOptions<SseOptions> options) : IEndpointFilter
{
    public const string CookieName = "sse_admin";
    private static readonly object FullViewKey = new();

    /// <summary>True when the viewer of this request may see connections' client IPs.</summary>
    public static bool MayViewClientIps(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Items.ContainsKey(FullViewKey);
    }

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var httpContext = context.HttpContext;
        var sse = options.Value;
        if (!sse.AdminEnabled)
        {
            return Answer(PlainTextError.Of(StatusCodes.Status403Forbidden, "admin endpoint disabled"));
        }

        if (!CrossOrigin.IsAllowed(httpContext.Request, []))
        {
            return Answer(PlainTextError.Of(StatusCodes.Status403Forbidden, CrossOrigin.RefusedReason));
        }

        if (string.IsNullOrEmpty(sse.AdminKey))
        {
            if (ClientAddress.IsLoopback(httpContext))
            {
                httpContext.Items[FullViewKey] = true;
            }

            return next(context);
        }

        var request = httpContext.Request;
        if (SecretComparison.Matches(request.Query["key"].ToString() is { Length: > 0 } fromQuery ? fromQuery : null, sse.AdminKey))
        {
            httpContext.Response.Cookies.Append(CookieName, SecretComparison.Hash(sse.AdminKey), new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = request.IsHttps,
                Path = request.PathBase.HasValue ? request.PathBase.Value : "/",
            });
        }
        else if (!SecretComparison.Matches(SecretComparison.BearerToken(request), sse.AdminKey)
            && !SecretComparison.HashMatches(request.Cookies[CookieName], sse.AdminKey))
        {
            httpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return Answer(PlainTextError.Of(
                StatusCodes.Status401Unauthorized,
                "admin needs 'Authorization: Bearer <Sse:AdminKey>' (or ?key=<Sse:AdminKey> in a browser)"));
        }

        httpContext.Items[FullViewKey] = true;
        return next(context);
    }

    private static ValueTask<object?> Answer(IResult result) => ValueTask.FromResult<object?>(result);
}
