using SseOrleans.Abstractions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace SseOrleans.FrontEnd.FanOut;

/// <summary>Drives the <see cref="FlushScheduler"/>: one timer for the whole process.</summary>
internal sealed class FlushTicker(FlushScheduler scheduler, IOptions<SseOptions> options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.FlushInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            scheduler.FlushDirty();
        }
    }
}
