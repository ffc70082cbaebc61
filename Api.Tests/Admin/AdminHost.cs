using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using SseOrleans.Api.Tests.Infrastructure;

namespace SseOrleans.Api.Tests.Admin;

/// <summary>
/// The Api for admin tests: the Orleans dashboard on, and <see cref="AdminTestMiddleware"/> for what a
/// real network cannot give from loopback (a remote viewer, and a page of its own).
/// </summary>
internal static class AdminHost
{
    public static ApiHost Start(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase) { ["Sse:OrleansDashboard"] = "true" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return new ApiHost(all, services => services.AddTransient<IStartupFilter, AdminTestMiddleware>());
    }
}
