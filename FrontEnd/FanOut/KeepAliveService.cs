using SseOrleans.Abstractions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace SseOrleans.FrontEnd.FanOut;

/// <summary>One timer for the whole process sends the shared <c>:keepalive</c> comment to every stream.</summary>
internal sealed class KeepAliveService(FanOutHub hub, IOptions<SseOptions> options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.KeepAliveInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            hub.BroadcastKeepAlive();
        }
    }
}
