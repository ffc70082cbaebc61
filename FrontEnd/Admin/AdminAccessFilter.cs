using SseOrleans.Abstractions;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using SseOrleans.FrontEnd.Endpoints;

namespace SseOrleans.FrontEnd.Admin;

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
    public static bool MayViewClientIps(HttpContext context) => context.Items.ContainsKey(FullViewKey);

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var httpContext = context.HttpContext;
        var sse = options.Value;
        if (!sse.AdminEnabled)
        {
            return Answer(PlainTextError.Of(StatusCodes.Status403Forbidden, "admin endpoint disabled"));
        }

        if (string.IsNullOrEmpty(sse.AdminKey))
        {
            if (IsLoopback(httpContext.Connection.RemoteIpAddress))
            {
                httpContext.Items[FullViewKey] = true;
            }

            return next(context);
        }

        var token = Token(sse.AdminKey);
        var request = httpContext.Request;
        var fromQuery = request.Query["key"].ToString();
        if (!string.IsNullOrEmpty(fromQuery) && SameToken(Token(fromQuery), token))
        {
            httpContext.Response.Cookies.Append(CookieName, token, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = request.IsHttps,
                Path = request.PathBase.HasValue ? request.PathBase.Value : "/",
            });
        }
        else if (!SameToken(BearerToken(request.Headers.Authorization.ToString()), token)
            && !SameToken(request.Cookies[CookieName], token))
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

    private static bool IsLoopback(IPAddress? address) =>
        address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    private static string? BearerToken(string authorization)
    {
        const string Scheme = "Bearer ";
        return authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)
            ? Token(authorization[Scheme.Length..].Trim())
            : null;
    }

    // Keys are compared (and kept in the cookie) as their SHA-256, so lengths never leak and the
    // cookie never holds the key itself.
    private static string Token(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static bool SameToken(string? candidate, string token) =>
        candidate is not null && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(candidate), Encoding.ASCII.GetBytes(token));
}
