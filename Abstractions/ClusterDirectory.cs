namespace SseOrleans.Abstractions;

/// <summary>Where the single <see cref="IClusterDirectoryGrain"/> lives.</summary>
public static class ClusterDirectory
{
    public const string Key = "cluster";

    public static IClusterDirectoryGrain GetClusterDirectory(this IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.GetGrain<IClusterDirectoryGrain>(Key);
    }
}
