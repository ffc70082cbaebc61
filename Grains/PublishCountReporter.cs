using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SseOrleans.Abstractions;

namespace SseOrleans.Grains;

/// <summary>Sends this silo's publish counts to the cluster directory once a second, when there are any.</summary>
internal sealed class PublishCountReporter(
    PublishCounter counter,
    IGrainFactory grains,
    TimeProvider time,
    ILogger<PublishCountReporter> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var counts = counter.Drain();
            if (counts.Length == 0)
            {
                continue;
            }

            try
            {
                await grains.GetClusterDirectory().ReportPublished(counts);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // Status counts only: losing one interval's worth is better than growing a backlog.
                logger.PublishCountReportFailed(exception, counts.Length);
            }
        }
    }
}
