using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SseOrleans.FrontEnd.Admin;

namespace SseOrleans.FrontEnd.Hosting;

/// <summary>Puts a host's own endpoints (the Orleans dashboard, say) behind the admin access rules.</summary>
public static class SseAdminExtensions
{
    /// <summary>
    /// The same rules as <c>/admin/</c>: <c>Sse:AdminEnabled</c> and <c>Sse:AdminKey</c>. Applies to
    /// route-handler endpoints (endpoint filters do not run for plain <see cref="RequestDelegate"/>s).
    /// </summary>
    public static TBuilder RequireSseAdminAccess<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddEndpointFilter<TBuilder, AdminAccessFilter>();
    }
}
