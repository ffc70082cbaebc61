using SseOrleans.Api.Tests.Infrastructure;

namespace SseOrleans.Api.Tests.Http;

/// <summary>A front-end that names the one site whose pages may subscribe and publish.</summary>
public sealed class ConfiguredOriginsFixture() : HostFixture(new Dictionary<string, string?>
{
    ["Sse:AllowedOrigins:0"] = ConfiguredOriginsFixture.App,
    ["Sse:PublishOrigins:0"] = ConfiguredOriginsFixture.App,
})
{
    public const string App = "https://app.example";
}
