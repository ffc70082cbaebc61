using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace SseOrleans.ServiceDefaults;

/// <summary>
/// The <c>redis-{key}</c> check of a keyed <see cref="IConnectionMultiplexer"/>, answered within
/// <see cref="Patience"/> whatever Redis does: at once while the multiplexer has no connection (refused,
/// stopped, never reached), else by a <c>PING</c> that must come back in time (a paused or overloaded server
/// does not). The check of AspNetCore.HealthChecks.Redis (Aspire's) sends its <c>PING</c> either way and
/// waits for the command timeout, 5 s by default: longer than a probe waits (Kubernetes: 1 s).
/// </summary>
internal sealed class RedisConnectionHealthCheck(IServiceProvider services, string serviceKey) : IHealthCheck
{
    /// <summary>How long the check waits for the multiplexer and its <c>PING</c>: well inside a 1 s probe.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromMilliseconds(500);

    // Resolved off the request: the first resolution connects, which takes up to the connect timeout.
    private Task<IConnectionMultiplexer>? _connection;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var failure = context.Registration.FailureStatus;
        try
        {
            var connection = await LazyInitializer.EnsureInitialized(ref _connection, Resolve).WaitAsync(Patience, cancellationToken);
            if (!connection.IsConnected)
            {
                return new HealthCheckResult(failure, "not connected to Redis");
            }

            var latency = await connection.GetDatabase().PingAsync().WaitAsync(Patience, cancellationToken);
            return HealthCheckResult.Healthy($"PING {latency.TotalMilliseconds:0} ms");
        }
        catch (TimeoutException)
        {
            return new HealthCheckResult(failure, $"Redis did not answer within {Patience.TotalMilliseconds:0} ms");
        }
        catch (RedisException exception)
        {
            return new HealthCheckResult(failure, exception.Message, exception);
        }
    }

    private Task<IConnectionMultiplexer> Resolve() =>
        Task.Run(() => services.GetRequiredKeyedService<IConnectionMultiplexer>(serviceKey));
}
