using Microsoft.Extensions.Configuration;

namespace SseOrleans.ServiceDefaults;

/// <summary>How a process takes part in Orleans; decided once at start (<see cref="SseHosting.DetectMode"/>) and passed down.</summary>
public enum SseHostingMode
{
    /// <summary>No <c>Orleans:Clustering</c>: one silo on loopback, in this process (the Api hosts the grains itself).</summary>
    Embedded,

    /// <summary><c>Orleans:Clustering</c> names a membership provider: silos join it, front-ends are its clients.</summary>
    Cluster,
}
