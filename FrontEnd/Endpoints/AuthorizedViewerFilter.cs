using Microsoft.AspNetCore.Http;

namespace SseOrleans.FrontEnd.Endpoints;

/// <summary>
/// After <see cref="AdminAccessFilter"/>: only an authorized viewer (the key, or loopback when no key is
/// set) gets through. For pages that show client addresses or logs wholesale, like the Orleans dashboard.
/// </summary>
internal sealed class AuthorizedViewerFilter : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        AdminAccessFilter.MayViewClientIps(context.HttpContext)
            ? next(context)
            : ValueTask.FromResult<object?>(PlainTextError.Of(
                StatusCodes.Status403Forbidden, "this admin page is for loopback viewers unless Sse:AdminKey is set"));
}
