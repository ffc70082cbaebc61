namespace SseOrleans.AppHost;

/// <summary>How the AppHost runs Redis: the setting <c>Redis:RunAs</c> (<c>Redis__RunAs</c>, <c>--Redis:RunAs</c>).</summary>
public enum RedisRunAs
{
    /// <summary>
    /// The default. Publishing (the manifest azd deploys): <see cref="Container"/>. Running: a container
    /// when a container runtime answers, else the <c>redis-server</c> executable when it is on the PATH.
    /// </summary>
    Auto,

    /// <summary>Aspire's Redis container (<c>AddRedis</c>); locally it needs a healthy Docker or Podman.</summary>
    Container,

    /// <summary>The <c>redis-server</c> program of this machine (Debian: <c>apt-get install redis-server</c>), on loopback.</summary>
    Executable,
}
