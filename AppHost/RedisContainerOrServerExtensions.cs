using System.Diagnostics;
using Microsoft.Extensions.Configuration;

namespace SseOrleans.AppHost;

public static class RedisContainerOrServerExtensions
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Redis as <c>Redis:RunAs</c> says (<see cref="RedisRunAs"/>): Aspire's Redis container, or this
    /// machine's <c>redis-server</c> (<c>Redis:Executable</c>) when no container runtime answers. Either way
    /// an Orleans provider of type <c>Redis</c> (with <c>ServiceKey</c> = <paramref name="name"/>) and
    /// <c>ConnectionStrings__{name}</c> for whatever references it. Logs the choice and its reason at start.
    /// </summary>
    public static async Task<IResourceBuilder<IResourceWithConnectionString>> AddRedisContainerOrServerAsync(
        this IDistributedApplicationBuilder builder, [ResourceName] string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var choice = await RedisChoice.ResolveAsync(
            configuration.GetValue("Redis:RunAs", RedisRunAs.Auto),
            builder.ExecutionContext.IsPublishMode,
            () => HealthyContainerRuntimeAsync(configuration["ASPIRE_CONTAINER_RUNTIME"] ?? configuration["DOTNET_ASPIRE_CONTAINER_RUNTIME"]),
            () => FindOnPath(configuration["Redis:Executable"] ?? "redis-server"));
        builder.OnBeforeStart((start, _) =>
        {
            Log.RedisChosen(Log.Logger(start.Services), choice.RunAs, choice.Reason);
            return Task.CompletedTask;
        });

        // Aspire names a provider after its resource's type, which would make this one "RedisServer".
        return choice.RunAs == RedisRunAs.Executable
            ? builder.AddRedisServer(name, choice.ExecutablePath!).WithOrleansProviderType("Redis")
            : builder.AddRedis(name);
    }

    /// <summary>
    /// The container runtime Aspire would use (<paramref name="configured"/>, else docker, then podman) when
    /// its daemon answers <c>info</c>; a docker client with no daemon behind it (as on CI) fails at once.
    /// </summary>
    private static async Task<string?> HealthyContainerRuntimeAsync(string? configured)
    {
        string[] candidates = string.IsNullOrWhiteSpace(configured) ? ["docker", "podman"] : [configured];
        foreach (var runtime in candidates)
        {
            if (FindOnPath(runtime) is { } path && await SucceedsAsync(path, "info", "--format", "{{.ServerVersion}}"))
            {
                return runtime;
            }
        }

        return null;
    }

    /// <summary>The full path of <paramref name="program"/> (a name looked up on the PATH, or a path), or <see langword="null"/>.</summary>
    private static string? FindOnPath(string program) =>
        program.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? (File.Exists(program) ? Path.GetFullPath(program) : null)
            : (Environment.GetEnvironmentVariable("PATH") ?? "")
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Select(directory => Path.Combine(directory, program))
                .FirstOrDefault(File.Exists);

    private static async Task<bool> SucceedsAsync(string path, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(path, arguments) { RedirectStandardOutput = true, RedirectStandardError = true });
        if (process is null)
        {
            return false;
        }

        // Drain both pipes so that a talkative runtime cannot block on a full one.
        var drained = Task.WhenAll(process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        using var timeout = new CancellationTokenSource(ProbeTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            await drained;
            return process.ExitCode == 0;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return false;
        }
    }
}
