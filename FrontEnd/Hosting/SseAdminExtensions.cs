using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SseOrleans.FrontEnd.Endpoints;

namespace SseOrleans.FrontEnd.Hosting;

/// <summary>Puts a host's own endpoints (the Orleans dashboard, say) behind the admin access rules.</summary>
public static class SseAdminExtensions
{
    /// <summary>
    /// The same rules as <c>/admin/</c>: <c>Sse:AdminEnabled</c> and <c>Sse:AdminKey</c>. With
    /// <paramref name="authorizedViewersOnly"/>, a viewer must also be one who may see client IPs (the key,
    /// or loopback when no key is set). Applies to route-handler endpoints (endpoint filters do not run
    /// for plain <see cref="RequestDelegate"/>s).
    /// </summary>
    public static TBuilder RequireSseAdminAccess<TBuilder>(this TBuilder builder, bool authorizedViewersOnly = false)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddEndpointFilter<TBuilder, AdminAccessFilter>();
        return authorizedViewersOnly ? builder.AddEndpointFilter<TBuilder, AuthorizedViewerFilter>() : builder;
    }
}
