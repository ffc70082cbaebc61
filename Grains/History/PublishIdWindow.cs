using SseOrleans.Abstractions;

namespace SseOrleans.Grains.History;

/// <summary>
/// Publish ids a namespace took recently, with their event ids: kept in two generations of
/// <c>retention</c>, so an id is remembered at least that long and at most twice that, at the cost of two
/// dictionaries instead of a timestamp per entry. The same generations name the Redis hashes.
/// </summary>
internal sealed class PublishIdWindow(TimeSpan retention, TimeProvider time)
{
    private Dictionary<Guid, SseEventId> _current = [];
    private Dictionary<Guid, SseEventId> _previous = [];
    private long _generation = Generation(time.GetUtcNow(), retention);

    /// <summary>The generation <paramref name="now"/> falls in: which ids are current and which previous.</summary>
    public static long Generation(DateTimeOffset now, TimeSpan retention) => now.ToUnixTimeMilliseconds() / (long)retention.TotalMilliseconds;

    public bool TryGet(Guid publishId, out SseEventId id)
    {
        Rotate();
        return _current.TryGetValue(publishId, out id) || _previous.TryGetValue(publishId, out id);
    }

    /// <summary>Whether no id is remembered any more.</summary>
    public bool IsEmpty
    {
        get
        {
            Rotate();
            return _current.Count == 0 && _previous.Count == 0;
        }
    }

    public void Add(Guid publishId, SseEventId id)
    {
        Rotate();
        _current[publishId] = id;
    }

    private void Rotate()
    {
        var generation = Generation(time.GetUtcNow(), retention);
        if (generation == _generation)
        {
            return;
        }

        (_previous, _current) = (_current, _previous);
        _current.Clear();
        if (generation > _generation + 1)
        {
            _previous.Clear();
        }

        _generation = generation;
    }
}
