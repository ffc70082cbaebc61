using SseOrleans.Api.Tests.Infrastructure;

namespace SseOrleans.Api.Tests.Http;

public sealed class SlowConsumerFixture() : HostFixture(new Dictionary<string, string?>
{
    ["Sse:ConnectionBufferSize"] = "1048576",
    ["Sse:MaxMessageBytes"] = "16384",
});
