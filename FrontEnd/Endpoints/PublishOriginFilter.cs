using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using SseOrleans.Abstractions;

namespace SseOrleans.FrontEnd.Endpoints;

/// <summary>
/// Refuses a publish that a page of another site makes a browser send, unless its origin is in
/// <c>Sse:PublishOrigins</c>, whatever credential it carries. Who may publish where is the
/// authorization model's (<see cref="Authorization.NamespaceAuthorizer"/>), once the namespace is known.
/// </summary>
internal sealed class PublishOriginFilter(IOptions<SseOptions> options) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        return CrossOrigin.IsAllowed(context.HttpContext.Request, options.Value.PublishOrigins)
            ? next(context)
            : ValueTask.FromResult<object?>(PlainTextError.Of(
                StatusCodes.Status403Forbidden, CrossOrigin.RefusedReason + " (Sse:PublishOrigins)"));
    }
}
