namespace SseOrleans.Api.Tests.Admin;

/// <summary>One Api with the default admin settings (enabled, no key), shared by the admin tests.</summary>
public sealed class AdminHostFixture : IDisposable
{
    public AdminHost Host { get; } = new(new Dictionary<string, string?> { ["Sse:MaxConnections"] = "30000" });

    public void Dispose() => Host.Dispose();
}
