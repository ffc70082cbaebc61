using SseOrleans.TestSupport;

namespace SseOrleans.Api.Tests.Infrastructure;

/// <summary>The Api with admin switched off (the dashboard configured on, to show it is off too) and room for three streams, two per client.</summary>
public sealed class RestrictedFixture() : HostFixture<ApiHost>(() => new ApiHost(new Dictionary<string, string?>
{
    ["Sse:AdminEnabled"] = "false",
    ["Sse:OrleansDashboard"] = "true",
    ["Sse:MaxConnections"] = "3",
    ["Sse:MaxConnectionsPerClient"] = "2",
}));
