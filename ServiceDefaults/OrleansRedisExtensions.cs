using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace SseOrleans.ServiceDefaults;

/// <summary>
/// The keyed <see cref="IConnectionMultiplexer"/>s that Orleans' Redis providers resolve by
/// <c>ServiceKey</c>, registered with Aspire's Redis client integration (<c>AddKeyedRedisClient</c>:
/// connection from <c>ConnectionStrings:{key}</c>, retries instead of failing when Redis is not up yet,
/// tracing). What Orleans needs beyond it lives here: which keys to register (read from the providers of
/// the <c>Orleans</c> section), one registration per key however many providers or other consumers name
/// it, and a health check that says <em>degraded</em> rather than unhealthy when Redis is unreachable.
/// Lives here rather than in Grains or Abstractions because both hosts (Silo, and Api as a client) need
/// it and it is host plumbing: publishers that reference Abstractions should not get a Redis dependency.
/// </summary>
public static class OrleansRedisExtensions
{
    private const string RedisProviderType = "Redis";

    /// <summary>
    /// For every <c>Orleans:...:ServiceKey</c> of a provider whose <c>ProviderType</c> is <c>Redis</c>
    /// (clustering, reminders, grain storage, streaming, grain directory), and for the namespace histories'
    /// <c>Sse:History</c>, configured the same way, the keyed multiplexer of
    /// <see cref="AddKeyedRedisConnection{TBuilder}"/>.
    /// </summary>
    public static TBuilder AddOrleansRedisConnections<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        foreach (var key in RedisServiceKeys(builder.Configuration))
        {
            builder.AddKeyedRedisConnection(key);
        }

        return builder;
    }

    /// <summary>
    /// One keyed <see cref="IConnectionMultiplexer"/> for <paramref name="serviceKey"/>, from
    /// <c>ConnectionStrings:{serviceKey}</c>, shared by everything in the process that names the key
    /// (Orleans providers, and any other Redis consumer configured with a service key): calling this again
    /// with the same key reuses the first registration. Its <c>redis-{serviceKey}</c> health check reports
    /// <see cref="HealthStatus.Degraded"/>, not unhealthy, while Redis does not answer, and says so within a
    /// probe's patience (<see cref="RedisConnectionHealthCheck"/>): a Redis outage stops membership changes,
    /// not the service, and must not take every replica out of rotation at once.
    /// </summary>
    public static TBuilder AddKeyedRedisConnection<TBuilder>(this TBuilder builder, string serviceKey) where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(serviceKey);
        if (!RegisteredKeys(builder).Add(serviceKey))
        {
            return builder;
        }

        // Aspire's own check fails as Unhealthy and takes the command timeout to do so; ours is prompt.
        builder.AddKeyedRedisClient(serviceKey, settings => settings.DisableHealthChecks = true);
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            $"redis-{serviceKey}",
            services => new RedisConnectionHealthCheck(services, serviceKey),
            HealthStatus.Degraded,
            tags: null));
        return builder;
    }

    private static HashSet<string> RegisteredKeys(IHostApplicationBuilder builder)
    {
        if (builder.Properties.TryGetValue(typeof(OrleansRedisExtensions), out var value) && value is HashSet<string> keys)
        {
            return keys;
        }

        keys = new HashSet<string>(StringComparer.Ordinal);
        builder.Properties[typeof(OrleansRedisExtensions)] = keys;
        return keys;
    }

    /// <summary>The distinct service keys of Redis providers: <c>Clustering</c>, <c>Reminders</c>, named ones, and <c>Sse:History</c>.</summary>
    private static HashSet<string> RedisServiceKeys(IConfiguration configuration)
    {
        var orleans = configuration.GetSection("Orleans");
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
        Collect(configuration.GetSection("Sse:History"));
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
