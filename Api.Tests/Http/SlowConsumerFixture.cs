using SseOrleans.Api.Tests.Infrastructure;
using SseOrleans.TestSupport;

namespace SseOrleans.Api.Tests.Http;

public sealed class SlowConsumerFixture() : HostFixture<ApiHost>(() => new ApiHost(new Dictionary<string, string?>
{
    ["Sse:ConnectionBufferSize"] = "1048576",
    ["Sse:MaxMessageBytes"] = "16384",
}));
