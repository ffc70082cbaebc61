using SseOrleans.Abstractions;

namespace SseOrleans.FrontEnd.Admin;

/// <summary>
/// <c>/admin/status.json</c>. The ancestor's fields (<c>node</c> .. <c>connections</c>) describe this
/// front-end; <c>connections</c> holds at most <c>?limit=</c> of the <c>connections_matched</c> that
/// <c>?namespace=</c> selects (all of them without it), oldest first; <c>connections_total</c> counts every one.
/// <c>cluster</c> is the directory's view, or null with <c>cluster_error</c> when it cannot be reached.
/// </summary>
internal sealed record StatusReport(
    string Node,
    string Status,
    DateTimeOffset ReportedAt,
    DateTimeOffset StartupTime,
    long MsgsBroadcast,
    long MsgsDelivered,
    int ConnectionsTotal,
    int ConnectionsMatched,
    bool ClientIpsShown,
    ConnectionStatus[] Connections,
    ClusterView? Cluster,
    string? ClusterError);
