using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using SseOrleans.TestSupport;

namespace SseOrleans.Grains.Tests;

/// <summary>
/// A silo configured for a cluster refuses the memory history: every silo would number the same namespace on
/// its own, and ids would disagree across silos.
/// </summary>
public sealed class HistoryInClusterTests
{
    [Fact]
    public async Task A_silo_configured_for_a_cluster_with_memory_histories_refuses_to_start_and_names_the_redis_history()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var ports = FreePorts.Take(2);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Orleans:Clustering:ProviderType"] = "Development" });
        builder.UseOrleans(silo => silo.AddSseGrains().UseLocalhostClustering(
            siloPort: ports[0], gatewayPort: ports[1], serviceId: "memory-in-cluster-" + Guid.NewGuid().ToString("N")[..8]));

        using var host = builder.Build();
        var refused = await Record.ExceptionAsync(() => host.StartAsync(timeout.Token));

        Assert.NotNull(refused);
        Assert.Contains("Sse:History:ProviderType=Redis", Messages(refused), StringComparison.Ordinal);
    }

    private static string Messages(Exception exception) =>
        exception is AggregateException aggregate
            ? string.Join(" | ", aggregate.InnerExceptions.Select(Messages))
            : exception.Message + (exception.InnerException is { } inner ? " | " + Messages(inner) : string.Empty);
}
