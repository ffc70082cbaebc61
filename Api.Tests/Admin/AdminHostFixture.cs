using SseOrleans.Api.Tests.Infrastructure;

namespace SseOrleans.Api.Tests.Admin;

/// <summary>One Api with the default admin settings (enabled, no key), shared by the admin tests.</summary>
public sealed class AdminHostFixture : IAsyncLifetime
{
    public ApiHost Host { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Host = AdminHost.Start(new Dictionary<string, string?> { ["Sse:MaxConnections"] = "30000" });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
