using SseOrleans.Api.Tests.Infrastructure;
using SseOrleans.TestSupport;

namespace SseOrleans.Api.Tests.Http;

public sealed class LimitsFixture() : HostFixture<ApiHost>(() => new ApiHost(new Dictionary<string, string?>
{
    ["Sse:MaxConnections"] = "3",
    ["Sse:MaxConnectionsPerClient"] = "2",
}));
