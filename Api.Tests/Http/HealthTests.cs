using System.Net;
using SseOrleans.Api.Tests.Infrastructure;
using SseOrleans.TestSupport;

namespace SseOrleans.Api.Tests.Http;

/// <summary>
/// <c>/health</c> of an Api whose namespace histories are in Redis: whatever Redis does (never there,
/// stopped, paused), a probe that waits 1 s (Kubernetes' default) gets its answer, <c>Degraded</c>, with
/// the check that is degraded named.
/// </summary>
public sealed class HealthTests
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task With_Redis_never_reachable_health_answers_a_1_s_probe_degraded_and_names_the_redis_check()
    {
        // Nothing listens on loopback's discard port.
        await using var api = StartApi("127.0.0.1:9");
        await WarmUpAsync(api.Http);

        Assert.Equal("Degraded\nredis-redis: Degraded (not connected to Redis)", await ProbeAsync(api.Http));
    }

    [Fact]
    public async Task With_Redis_stopped_health_answers_a_1_s_probe_degraded_and_names_the_redis_check()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var api = StartApi(redis.Address);
        await Eventually.EqualAsync("Healthy", () => ProbeAsync(api.Http));

        redis.Stop();

        Assert.StartsWith("Degraded\nredis-redis: Degraded (", await ProbeAsync(api.Http), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_Redis_paused_health_answers_a_1_s_probe_degraded_and_names_the_redis_check()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var api = StartApi(redis.Address);
        await Eventually.EqualAsync("Healthy", () => ProbeAsync(api.Http));

        redis.Pause();

        Assert.Equal("Degraded\nredis-redis: Degraded (Redis did not answer within 500 ms)", await ProbeAsync(api.Http));
    }

    private static ApiHost StartApi(string redis) => new(new Dictionary<string, string?>
    {
        ["Sse:History:ProviderType"] = "Redis",
        ["Sse:History:ServiceKey"] = "redis",
        ["ConnectionStrings:redis"] = redis + ",abortConnect=false",
    });

    // The first request of a host compiles the health pipeline; a probe's budget is for the answer alone.
    private static async Task WarmUpAsync(HttpClient http)
    {
        using var response = await http.GetAsync("alive");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<string> ProbeAsync(HttpClient http)
    {
        using var probe = new CancellationTokenSource(ProbeTimeout);
        using var response = await http.GetAsync("health", probe.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(probe.Token);
    }
}
