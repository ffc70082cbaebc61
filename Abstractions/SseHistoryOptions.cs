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

    /// <summary>The shortest and longest <see cref="ReadTimeout"/>.</summary>
    public static readonly TimeSpan MinReadTimeout = TimeSpan.FromMilliseconds(100);

    /// <inheritdoc cref="MinReadTimeout"/>
    public static readonly TimeSpan MaxReadTimeout = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a Redis history may take to answer anything but an append (a subscriber's interest report, a
    /// replay or repair page, a newest id) before the call fails as <see cref="HistoryUnavailableException"/>
    /// (<c>Sse:History:ReadTimeout</c>, the Redis provider only). A subscription whose interest report or first
    /// replay page fails is answered <c>503</c>, so this is how long a new subscription waits while Redis stalls,
    /// instead of the connection's own timeout. A report or read that Redis runs after it has timed out does no
    /// harm: interest is only ever raised. Appends are bounded by their publishes' deadlines instead.
    /// </summary>
    public TimeSpan ReadTimeout { get; set; } = TimeSpan.FromSeconds(1);

    public bool IsRedis => string.Equals(ProviderType, Redis, StringComparison.OrdinalIgnoreCase);
}
