using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SseOrleans.Abstractions;

namespace SseOrleans.Abstractions.Tests;

/// <summary><see cref="SseOptions"/> as a host gets them: bound from configuration by <c>AddSseOptions</c>, validated.</summary>
internal static class BoundOptions
{
    public static SseOptions From(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var provider = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSseOptions()
            .BuildServiceProvider();
        return provider.GetRequiredService<IOptions<SseOptions>>().Value;
    }
}
