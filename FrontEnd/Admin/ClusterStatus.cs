namespace SseOrleans.FrontEnd.Admin;

/// <summary>The cluster-wide part of the status: busiest namespaces first, and every live front-end.</summary>
internal sealed record ClusterStatus(
    long EventsPublished,
    double EventsPerSecond,
    int NamespacesTotal,
    NamespaceStatus[] Namespaces,
    FrontEndStatus[] FrontEnds);
