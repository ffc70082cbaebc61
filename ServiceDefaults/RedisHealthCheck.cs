using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace SseOrleans.ServiceDefaults;

/// <summary>Healthy while the multiplexer has a live connection to Redis; else the registration's failure status.</summary>
internal sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(redis.IsConnected
            ? HealthCheckResult.Healthy()
            : new HealthCheckResult(context.Registration.FailureStatus, $"not connected to Redis ({redis.Configuration})"));
}
