using Microsoft.Extensions.Hosting;

namespace SseOrleans.FrontEnd;

/// <summary>
/// Background work done once per interval for as long as the host runs: one <see cref="PeriodicTimer"/> on the
/// host's clock, one round at a time. A round that fails is handed to <see cref="RoundFailed"/> and the next
/// tick runs as usual, so that a cluster that cannot answer for a while never ends the loop.
/// </summary>
internal abstract class PeriodicBackgroundService(TimeSpan interval, TimeProvider time) : BackgroundService
{
    /// <summary>The host's clock, which the timer runs on.</summary>
    protected TimeProvider Time { get; } = time;

    /// <summary>One round of the work.</summary>
    protected abstract Task RunOnceAsync(CancellationToken stoppingToken);

    /// <summary>A round failed while the host was not stopping; the next tick tries again.</summary>
    protected abstract void RoundFailed(Exception exception);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, Time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                RoundFailed(exception);
            }
        }
    }
}
