using SseOrleans.TestSupport;

namespace SseOrleans.Api.Tests.Infrastructure;

/// <summary>The Api with admin as shipped (enabled, no key) and the Orleans dashboard on; room for the 20,000-connection status test.</summary>
public sealed class AdminFixture() : HostFixture<ApiHost>(() => new ApiHost(new Dictionary<string, string?>
{
    ["Sse:OrleansDashboard"] = "true",
    ["Sse:MaxConnections"] = "30000",
}));
