using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.FanOut;
using SseOrleans.FrontEnd.Telemetry;

namespace SseOrleans.FrontEnd.Admin;

/// <summary>
/// Builds <see cref="StatusReport"/>: the local part from one snapshot of the hub's connections (taken
/// under its lock), the cluster part from the directory (as of the front-ends' last reports, about a
/// second old). Cost is one copy of the connection list plus a sort; only <c>limit</c> entries are
/// materialized.
/// </summary>
internal sealed class StatusReportBuilder(FanOutHub hub, SseCounters counters, FrontEndIdentity identity, IGrainFactory grains, TimeProvider time)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 10_000;
    private static readonly TimeSpan ClusterTimeout = TimeSpan.FromSeconds(2);

    public async Task<StatusReport> BuildAsync(int limit, string? namespaceFilter, bool showClientIps, CancellationToken cancellationToken)
    {
        limit = Math.Clamp(limit, 0, MaxLimit);
        var clusterView = GetClusterViewAsync(limit, cancellationToken);

        var snapshot = hub.Connections();
        var broadcast = counters.EventsBroadcast;
        var delivered = counters.EventsDelivered;
        var now = time.GetUtcNow();
        var total = snapshot.Count;
        if (namespaceFilter is not null)
        {
            snapshot.RemoveAll(connection => !string.Equals(connection.Namespace, namespaceFilter, StringComparison.Ordinal));
        }

        snapshot.Sort(static (a, b) => a.CreatedAt.CompareTo(b.CreatedAt));
        var shown = new ConnectionStatus[Math.Min(limit, snapshot.Count)];
        for (var i = 0; i < shown.Length; i++)
        {
            var connection = snapshot[i];
            shown[i] = new ConnectionStatus(
                connection.RequestPath,
                connection.Namespace,
                connection.CreatedAt,
                showClientIps ? connection.ClientIp : null,
                connection.UserAgent,
                connection.EventsSent);
        }

        var (cluster, clusterError) = await clusterView;
        return new StatusReport(
            identity.Id,
            "OK",
            now,
            identity.StartedAt,
            broadcast,
            delivered,
            total,
            snapshot.Count,
            showClientIps,
            shown,
            cluster,
            clusterError);
    }

    private async Task<(ClusterView?, string?)> GetClusterViewAsync(int limit, CancellationToken cancellationToken)
    {
        try
        {
            return (await grains.GetClusterDirectory().GetView(limit).WaitAsync(ClusterTimeout, time, cancellationToken), null);
        }
        catch (Exception exception) when (exception is OrleansException or TimeoutException)
        {
            return (null, "the cluster directory is unavailable: " + exception.GetType().Name);
        }
    }
}
