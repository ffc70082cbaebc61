using System.Globalization;
using SseOrleans.TestSupport;

namespace SseOrleans.Api.Tests.Infrastructure;

/// <summary>
/// The Api for the HTTP behaviour tests: default limits, short keep-alives, a history a test can overflow,
/// quick gap checks, and namespace streams that lose what <see cref="LossyStreams"/> marks (no other test
/// publishes that mark).
/// </summary>
public sealed class ApiFixture() : HostFixture<ApiHost>(() => new ApiHost(
    new Dictionary<string, string?>
    {
        ["Sse:KeepAliveInterval"] = "00:00:00.300",
        ["Sse:MaxMessageBytes"] = MaxMessageBytes.ToString(CultureInfo.InvariantCulture),
        ["Sse:HistorySize"] = HistorySize.ToString(CultureInfo.InvariantCulture),
        ["Sse:StreamPollInterval"] = "00:00:00.015", // a silo key outside Orleans:Streaming:sse must not disturb the provider
        ["Sse:GapCheckInterval"] = "00:00:00.200",
    },
    LossyStreams.Install))
{
    /// <summary>Room for the slow-consumer test's 8 KB events.</summary>
    public const int MaxMessageBytes = 16384;
    public const int HistorySize = 400;
}
