namespace SseOrleans.Abstractions;

/// <summary>
/// <c>Sse:History</c>: where each namespace keeps its history, epoch and sequence, named the way the
/// Orleans providers are (<c>ProviderType</c>, and the <c>ServiceKey</c> of a keyed Redis connection).
/// <see cref="Memory"/> (the default) keeps them in the namespace grain's activation; <see cref="Redis"/>
/// keeps them in Redis, written before a publish is answered, so they survive the grain's silo.
/// </summary>
public sealed class SseHistoryOptions
{
    public const string Memory = "Memory";
    public const string Redis = "Redis";

    /// <summary>The share of the process's available memory that histories may hold when <see cref="MaxMemoryBytes"/> is unset.</summary>
    public const double DefaultMemoryShare = 0.25;

    public string ProviderType { get; set; } = Memory;

    /// <summary>The keyed <c>IConnectionMultiplexer</c> (<c>ConnectionStrings:{ServiceKey}</c>) of the Redis provider.</summary>
    public string? ServiceKey { get; set; }

    /// <summary>
    /// The most memory that the in-memory histories of one process may hold, all namespaces together
    /// (<c>Sse:History:MaxMemoryBytes</c>; the Memory provider only: Redis histories live in Redis). An event
    /// counts as two bytes a character of its data and name plus a fixed overhead, once in every namespace
    /// that keeps it. Above it the least recently used histories lose their oldest events first; publishes
    /// go on being accepted. Unset: <see cref="DefaultMemoryShare"/> of the memory available to the process
    /// (the container's limit where there is one).
    /// </summary>
    public long? MaxMemoryBytes { get; set; }

    public bool IsRedis => string.Equals(ProviderType, Redis, StringComparison.OrdinalIgnoreCase);
}
