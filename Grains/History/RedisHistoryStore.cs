using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using SseOrleans.Abstractions;
using StackExchange.Redis;

namespace SseOrleans.Grains.History;

/// <summary>
/// <c>Sse:History:ProviderType=Redis</c>: every namespace's history, epoch, sequence, forward watermarks
/// and recent publish ids in Redis (the keyed connection <c>Sse:History:ServiceKey</c>), under a prefix with
/// the Orleans ServiceId so that clusters sharing a Redis do not collide. One script per delivery batch.
/// </summary>
internal sealed class RedisHistoryStore(
    IConnectionMultiplexer redis,
    IOptions<SseOptions> options,
    IOptions<ClusterOptions> cluster,
    TimeProvider time,
    ILogger<RedisHistoryStore> logger) : IHistoryStore
{
    public SseOptions Options => options.Value;

    public TimeProvider Time => time;

    public ILogger Logger => logger;

    public IDatabase Database => redis.GetDatabase();

    public INamespaceHistory Open(string path) => new RedisNamespaceHistory(this, KeyPrefix(cluster.Value.ServiceId, path), path);

    /// <summary>
    /// <c>sse:{serviceId}:{{path}}:</c>: the braces make the path the hash tag, so a namespace's keys share a
    /// slot in a Redis cluster (and if the service id or path holds a brace, the tag still ends inside the
    /// prefix that all of them share).
    /// </summary>
    public static string KeyPrefix(string serviceId, string path) => $"sse:{serviceId}:{{{path}}}:";
}
