using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SseOrleans.Abstractions;

namespace SseOrleans.FrontEnd.FanOut;

/// <summary>
/// Tells the namespace grains how many local connections subscribe to them: changed counts once per
/// <see cref="SseOptions.SubscriberReportInterval"/>, every count again at a third of the lease, so
/// the grains' view is cluster-wide and forgets a front-end that died. Never one call per event.
/// </summary>
internal sealed class SubscriberCountReporter(
    FanOutHub hub,
    IGrainFactory grains,
    FrontEndIdentity identity,
    IOptions<SseOptions> options,
    TimeProvider time,
    ILogger<SubscriberCountReporter> logger) : BackgroundService
{
    private Dictionary<string, int> _reported = new(StringComparer.Ordinal);
    private DateTimeOffset _lastRenewal;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SubscriberReportInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await ReportAsync();
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.ReportFailed(exception);
            }
        }
    }

    private async Task ReportAsync()
    {
        var current = hub.SubscriberCounts();
        var lease = options.Value.SubscriberLease;
        var now = time.GetUtcNow();
        var renew = now - _lastRenewal >= lease / 3;
        var reports = new List<Task>();
        foreach (var (path, count) in current)
        {
            if (renew || !_reported.TryGetValue(path, out var reported) || reported != count)
            {
                reports.Add(grains.GetGrain<INamespaceGrain>(path).ReportSubscribers(identity.Id, count, lease));
            }
        }

        foreach (var path in _reported.Keys)
        {
            if (!current.ContainsKey(path))
            {
                reports.Add(grains.GetGrain<INamespaceGrain>(path).ReportSubscribers(identity.Id, 0, lease));
            }
        }

        // On failure nothing is marked reported, so the next tick sends it all again.
        await Task.WhenAll(reports);
        _reported = current;
        if (renew)
        {
            _lastRenewal = now;
        }
    }
}
