using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using SseOrleans.Abstractions;
using SseOrleans.Grains.History;
using StackExchange.Redis;

namespace SseOrleans.Grains.Tests;

/// <summary>History stores as the tests make them, on a clock the tests move: the memory store with its budget, or a Redis store under a service id of its own.</summary>
internal static class HistoryStores
{
    public static MemoryHistoryStore Memory(SseOptions options, TimeProvider time)
    {
        var wrapped = Options.Create(options);
        return new MemoryHistoryStore(wrapped, time, new HistoryMemoryBudget(wrapped, NullLogger<HistoryMemoryBudget>.Instance));
    }

    /// <summary><paramref name="provider"/>'s store with default options; a Redis one starts empty, its keys under a new service id.</summary>
    public static IHistoryStore Create(string provider, IConnectionMultiplexer redis, TimeProvider time, string servicePrefix) =>
        provider == SseHistoryOptions.Redis
            ? Redis(redis, time, servicePrefix + Guid.NewGuid().ToString("N")[..8])
            : Memory(new SseOptions(), time);

    /// <summary>A Redis store with default options under <paramref name="serviceId"/>: two of them are two silos of one service.</summary>
    public static RedisHistoryStore Redis(IConnectionMultiplexer redis, TimeProvider time, string serviceId) =>
        new(redis, Options.Create(new SseOptions()), Options.Create(new ClusterOptions { ServiceId = serviceId }), time);
}
