using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace SseOrleans.ServiceDefaults;

/// <summary>
/// Registers the keyed <see cref="IConnectionMultiplexer"/>s that Orleans' Redis providers resolve by
/// <c>ServiceKey</c>, as Aspire's Redis client integration would (it is not available here): for every
/// <c>Orleans:...:ServiceKey</c> of a provider whose <c>ProviderType</c> is <c>Redis</c>, one
/// multiplexer from <c>ConnectionStrings:{ServiceKey}</c>, plus a <c>redis-{ServiceKey}</c> health check.
/// Lives here rather than in Grains or Abstractions because both hosts (Silo, and Api as a client) need
/// it and it is host plumbing: publishers that reference Abstractions should not get a Redis dependency.
/// </summary>
public static class OrleansRedisExtensions
{
    private const string RedisProviderType = "Redis";

    public static TBuilder AddOrleansRedisConnections<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        foreach (var key in RedisServiceKeys(builder.Configuration.GetSection("Orleans")))
        {
            var connectionString = builder.Configuration.GetConnectionString(key);
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException(
                    $"Orleans names the Redis service key '{key}' but ConnectionStrings:{key} is not set (environment: ConnectionStrings__{key}).");
            }

            var options = ConfigurationOptions.Parse(connectionString);

            // Start even when Redis is not up yet; the multiplexer keeps reconnecting in the background.
            options.AbortOnConnectFail = false;
            builder.Services.AddKeyedSingleton<IConnectionMultiplexer>(key, (_, _) => ConnectionMultiplexer.Connect(options));
            builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
                $"redis-{key}",
                services => new RedisHealthCheck(services.GetRequiredKeyedService<IConnectionMultiplexer>(key)),
                // Degraded, not unhealthy: a Redis outage stops membership changes, not the service, and
                // must not take every replica out of rotation at once. /health still answers 200.
                HealthStatus.Degraded,
                tags: null));
        }

        return builder;
    }

    /// <summary>The distinct service keys of Redis providers: <c>Clustering</c>, <c>Reminders</c> and named ones.</summary>
    private static HashSet<string> RedisServiceKeys(IConfigurationSection orleans)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        void Collect(IConfigurationSection provider)
        {
            if (string.Equals(provider["ProviderType"], RedisProviderType, StringComparison.OrdinalIgnoreCase)
                && provider["ServiceKey"] is { Length: > 0 } key)
            {
                keys.Add(key);
            }
        }

        Collect(orleans.GetSection("Clustering"));
        Collect(orleans.GetSection("Reminders"));
        foreach (var kind in new[] { "GrainStorage", "Streaming", "GrainDirectory" })
        {
            foreach (var provider in orleans.GetSection(kind).GetChildren())
            {
                Collect(provider);
            }
        }

        return keys;
    }
}
