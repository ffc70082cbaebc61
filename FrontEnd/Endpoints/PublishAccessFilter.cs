using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using SseOrleans.Abstractions;

namespace SseOrleans.FrontEnd.Endpoints;

/// <summary>
/// With <c>Sse:PublishKey</c> set, publishers must send <c>Authorization: Bearer {key}</c>; without it
/// only loopback callers may publish, so a fresh install is never an open relay.
/// </summary>
internal sealed class PublishAccessFilter(IOptions<SseOptions> options) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var httpContext = context.HttpContext;
        if (!CrossOrigin.IsAllowed(httpContext.Request, options.Value.PublishOrigins))
        {
            return ValueTask.FromResult<object?>(PlainTextError.Of(
                StatusCodes.Status403Forbidden, CrossOrigin.RefusedReason + " (Sse:PublishOrigins)"));
        }

        var key = options.Value.PublishKey;
        if (string.IsNullOrEmpty(key))
        {
            return ClientAddress.IsLoopback(httpContext)
                ? next(context)
                : ValueTask.FromResult<object?>(PlainTextError.Of(
                    StatusCodes.Status403Forbidden,
                    "publishing is allowed from loopback only; set Sse:PublishKey to accept remote publishers"));
        }

        if (SecretComparison.Matches(SecretComparison.BearerToken(httpContext.Request), key))
        {
            return next(context);
        }

        httpContext.Response.Headers.WWWAuthenticate = "Bearer";
        return ValueTask.FromResult<object?>(PlainTextError.Of(
            StatusCodes.Status401Unauthorized, "publishing needs 'Authorization: Bearer <Sse:PublishKey>'"));
    }
}
