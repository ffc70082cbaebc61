namespace SseOrleans.AppHost;

/// <summary>
/// How Redis runs for this start of the AppHost, and why (for its log): what <see cref="RedisRunAs"/>
/// resolves to, with the <c>redis-server</c> program to start when it is <see cref="RedisRunAs.Executable"/>.
/// </summary>
public sealed record RedisChoice(RedisRunAs RunAs, string Reason, string? ExecutablePath = null)
{
    /// <summary>
    /// Resolves <paramref name="configured"/>. The probes are asked only when the answer depends on them:
    /// a publish runs nothing here, and what it describes for Azure is always the container.
    /// </summary>
    public static async Task<RedisChoice> ResolveAsync(
        RedisRunAs configured,
        bool isPublishMode,
        Func<Task<string?>> healthyContainerRuntime,
        Func<string?> redisServerPath)
    {
        ArgumentNullException.ThrowIfNull(healthyContainerRuntime);
        ArgumentNullException.ThrowIfNull(redisServerPath);
        if (isPublishMode)
        {
            return new(RedisRunAs.Container, "publishing: the deployment runs Redis as a container");
        }

        switch (configured)
        {
            case RedisRunAs.Container:
                return new(RedisRunAs.Container, "Redis:RunAs=Container");
            case RedisRunAs.Executable:
                return redisServerPath() is { } configuredPath
                    ? new(RedisRunAs.Executable, "Redis:RunAs=Executable", configuredPath)
                    : throw new InvalidOperationException(
                        "Redis:RunAs=Executable but redis-server (Redis:Executable) is not on the PATH. Install it (Debian: apt-get install redis-server) or set Redis:Executable to its path.");
        }

        if (await healthyContainerRuntime() is { } runtime)
        {
            return new(RedisRunAs.Container, $"Redis:RunAs=Auto and the container runtime '{runtime}' answers");
        }

        if (redisServerPath() is { } path)
        {
            return new(RedisRunAs.Executable, "Redis:RunAs=Auto and no container runtime answers", path);
        }

        throw new InvalidOperationException(
            "Redis:RunAs=Auto found neither a container runtime that answers (docker info, podman info) nor redis-server on the PATH. "
            + "Start Docker or Podman, or install redis-server (Debian: apt-get install redis-server), or set Redis:RunAs.");
    }
}
