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

    public string ProviderType { get; set; } = Memory;

    /// <summary>The keyed <c>IConnectionMultiplexer</c> (<c>ConnectionStrings:{ServiceKey}</c>) of the Redis provider.</summary>
    public string? ServiceKey { get; set; }

    public bool IsRedis => string.Equals(ProviderType, Redis, StringComparison.OrdinalIgnoreCase);
}
