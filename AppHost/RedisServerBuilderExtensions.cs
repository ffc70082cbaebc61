using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;

namespace SseOrleans.AppHost;

public static class RedisServerBuilderExtensions
{
    /// <summary>
    /// <c>redis-server</c> on loopback, on a port Aspire allocates, with nothing written to disk (no RDB
    /// snapshots, no append-only file), healthy once it answers a PING: the same health check Aspire's
    /// Redis container has.
    /// </summary>
    public static IResourceBuilder<RedisServerResource> AddRedisServer(this IDistributedApplicationBuilder builder, [ResourceName] string name, string redisServerPath)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var redis = new RedisServerResource(name, redisServerPath, Path.GetTempPath());

        string? connectionString = null;
        builder.Eventing.Subscribe<ConnectionStringAvailableEvent>(redis, async (_, cancellationToken) =>
            connectionString = await ((IResourceWithConnectionString)redis).GetConnectionStringAsync(cancellationToken));
        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().AddRedis(
            _ => connectionString ?? throw new InvalidOperationException($"The connection string of '{name}' is not available yet."),
            name: healthCheckKey);

        return builder.AddResource(redis)
            .WithEndpoint(RedisServerResource.PrimaryEndpointName, endpoint =>
            {
                endpoint.Protocol = ProtocolType.Tcp;
                endpoint.UriScheme = "tcp";
                endpoint.TargetHost = "127.0.0.1";
            })
            .WithArgs(context =>
            {
                context.Args.Add("--port");
                context.Args.Add(redis.PrimaryEndpoint.Property(EndpointProperty.TargetPort));
                context.Args.Add("--bind");
                context.Args.Add("127.0.0.1");
                context.Args.Add("--save");
                context.Args.Add("");
                context.Args.Add("--appendonly");
                context.Args.Add("no");
            })
            .WithHealthCheck(healthCheckKey);
    }
}
