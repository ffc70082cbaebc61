namespace SseOrleans.Api.Tests.Infrastructure;

/// <summary>Starts one <see cref="ApiHost"/> with the given settings for the tests that share it.</summary>
public abstract class HostFixture(IReadOnlyDictionary<string, string?> settings) : IAsyncLifetime
{
    public ApiHost Host { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Host = new ApiHost(settings);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
