using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SseOrleans.Abstractions;

namespace SseOrleans.Benchmarks.Baseline;

/// <summary>The front-end's keep-alive, on the baseline's connections: one timer sends the shared comment to every stream.</summary>
internal sealed class BaselineKeepAlive(BaselineHub hub, IOptions<SseOptions> options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.KeepAliveInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            hub.BroadcastKeepAlive();
        }
    }
}
