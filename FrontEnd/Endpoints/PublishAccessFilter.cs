using SseOrleans.Abstractions;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace SseOrleans.FrontEnd.Endpoints;

/// <summary>
/// With <c>Sse:PublishKey</c> set, publishers must send <c>Authorization: Bearer {key}</c>; without it
/// only loopback callers may publish, so a fresh install is never an open relay.
/// </summary>
internal sealed class PublishAccessFilter(IOptions<SseOptions> options) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var httpContext = context.HttpContext;
        var key = options.Value.PublishKey;
        if (string.IsNullOrEmpty(key))
        {
            return IsLoopback(httpContext.Connection.RemoteIpAddress)
                ? next(context)
                : ValueTask.FromResult<object?>(PlainTextError.Of(
                    StatusCodes.Status403Forbidden,
                    "publishing is allowed from loopback only; set Sse:PublishKey to accept remote publishers"));
        }

        if (HasKey(httpContext.Request.Headers.Authorization.ToString(), key))
        {
            return next(context);
        }

        httpContext.Response.Headers.WWWAuthenticate = "Bearer";
        return ValueTask.FromResult<object?>(PlainTextError.Of(
            StatusCodes.Status401Unauthorized, "publishing needs 'Authorization: Bearer <Sse:PublishKey>'"));
    }

    private static bool IsLoopback(IPAddress? address) =>
        address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    private static bool HasKey(string authorization, string key)
    {
        const string Scheme = "Bearer ";
        if (!authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(
            Encoding.UTF8.GetBytes(authorization[Scheme.Length..].Trim()),
            Encoding.UTF8.GetBytes(key));
    }
}
