using SseOrleans.Api.Tests.Infrastructure;

namespace SseOrleans.Api.Tests.Http;

public sealed class LimitsFixture() : HostFixture(new Dictionary<string, string?>
{
    ["Sse:MaxConnections"] = "3",
    ["Sse:MaxConnectionsPerClient"] = "2",
    ["Sse:SubscribeBurstPerClient"] = "4",
    ["Sse:SubscribeRatePerClient"] = "1",
});
