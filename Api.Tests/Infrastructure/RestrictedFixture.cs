using System.Globalization;
using SseOrleans.TestSupport;

namespace SseOrleans.Api.Tests.Infrastructure;

/// <summary>
/// The Api with admin switched off (the dashboard configured on, to show it is off too), room for three
/// streams, two per client and a burst of four new ones, and one site named as browser origin.
/// </summary>
public sealed class RestrictedFixture() : HostFixture<ApiHost>(() => new ApiHost(new Dictionary<string, string?>
{
    ["Sse:AdminEnabled"] = "false",
    ["Sse:OrleansDashboard"] = "true",
    ["Sse:MaxConnections"] = "3",
    ["Sse:MaxConnectionsPerClient"] = "2",
    ["Sse:SubscribeBurstPerClient"] = SubscribeBurstPerClient.ToString(CultureInfo.InvariantCulture),
    ["Sse:SubscribeRatePerClient"] = "1",
    ["Sse:AllowedOrigins:0"] = App,
    ["Sse:PublishOrigins:0"] = App,
}))
{
    public const int SubscribeBurstPerClient = 4;

    /// <summary>The one site whose pages may subscribe and publish here.</summary>
    public const string App = "https://app.example";
}
