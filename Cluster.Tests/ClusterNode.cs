namespace SseOrleans.Cluster.Tests;

/// <summary>One of the processes of an <see cref="SseCluster"/> that a test kills and starts again.</summary>
public enum ClusterNode
{
    FrontEnd1,
    FrontEnd2,
    Silo1,
    Silo2,
}
