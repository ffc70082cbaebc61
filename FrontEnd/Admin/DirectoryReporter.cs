using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.FanOut;
using SseOrleans.FrontEnd.Telemetry;

namespace SseOrleans.FrontEnd.Admin;

/// <summary>
/// Keeps this front-end's entry in the cluster directory (the status pages' cluster view): renewed
/// once per <see cref="SseOptions.SubscriberReportInterval"/> with its connection count, and its
/// namespace counts when they changed or the directory lost them. The entry is a lease of
/// <see cref="SseOptions.SubscriberLease"/>, so a front-end that dies drops out; a clean stop leaves at once.
/// </summary>
internal sealed class DirectoryReporter(
    FanOutHub hub,
    SseCounters counters,
    IGrainFactory grains,
    FrontEndIdentity identity,
    IOptions<SseOptions> options,
    TimeProvider time,
    ILogger<DirectoryReporter> logger) : PeriodicBackgroundService(options.Value.SubscriberReportInterval, time)
{
    private static readonly TimeSpan LeaveTimeout = TimeSpan.FromSeconds(2);
    private Dictionary<string, int>? _reported;

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await grains.GetClusterDirectory()
                .ReportFrontEnd(new FrontEndReport(identity.Id, 0, counters.EventsBroadcast, []), TimeSpan.Zero)
                .WaitAsync(LeaveTimeout, Time, cancellationToken);
        }
        catch (Exception exception) when (exception is OrleansException or TimeoutException or OperationCanceledException)
        {
            logger.LeaveDirectoryFailed(exception);
        }
    }

    protected override async Task RunOnceAsync(CancellationToken stoppingToken)
    {
        var current = hub.SubscriberCounts();
        var changed = _reported is null || !SameCounts(current, _reported);
        var needsNamespaces = await grains.GetClusterDirectory().ReportFrontEnd(
            new FrontEndReport(identity.Id, counters.Connections, counters.EventsBroadcast, changed ? ToNamespaceCounts(current) : null),
            options.Value.SubscriberLease);

        // The directory asks for the list when it has none (it was reactivated): send it next tick.
        _reported = needsNamespaces ? null : current;
    }

    protected override void RoundFailed(Exception exception) => logger.DirectoryReportFailed(exception);

    private static bool SameCounts(Dictionary<string, int> current, Dictionary<string, int> reported)
    {
        if (current.Count != reported.Count)
        {
            return false;
        }

        foreach (var (path, count) in current)
        {
            if (!reported.TryGetValue(path, out var previous) || previous != count)
            {
                return false;
            }
        }

        return true;
    }

    private static NamespaceCount[] ToNamespaceCounts(Dictionary<string, int> counts)
    {
        var result = new NamespaceCount[counts.Count];
        var i = 0;
        foreach (var (path, count) in counts)
        {
            result[i++] = new NamespaceCount(path, count);
        }

        return result;
    }
}
