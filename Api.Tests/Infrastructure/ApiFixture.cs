using System.Globalization;
using SseOrleans.TestSupport;

namespace SseOrleans.Api.Tests.Infrastructure;

/// <summary>One Api (with its embedded silo) shared by the HTTP tests; they run one after another.</summary>
public sealed class ApiFixture() : HostFixture<ApiHost>(() => new ApiHost(new Dictionary<string, string?>
{
    ["Sse:KeepAliveInterval"] = "00:00:00.300",
    ["Sse:MaxMessageBytes"] = MaxMessageBytes.ToString(CultureInfo.InvariantCulture),
    ["Sse:HistorySize"] = HistorySize.ToString(CultureInfo.InvariantCulture),
    ["Sse:StreamPollInterval"] = "00:00:00.015", // a silo key outside Orleans:Streaming:sse must not disturb the provider
}))
{
    public const int MaxMessageBytes = 4096;
    public const int HistorySize = 400;
}

[CollectionDefinition(Name)]
public sealed class ApiCollectionDefinition : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}
