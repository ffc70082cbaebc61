namespace SseOrleans.Grains.History;

/// <summary>
/// Keys taken recently, with a value each: kept in two generations of <c>retention</c>, so a key is
/// remembered at least that long and at most twice that, at the cost of two dictionaries instead of a
/// timestamp per entry. The same generations (<see cref="RetentionGeneration"/>) name the Redis hashes.
/// </summary>
internal abstract class RecentKeys<TKey, TValue>(TimeSpan retention, TimeProvider time, IEqualityComparer<TKey> comparer)
    where TKey : notnull
{
    private Dictionary<TKey, TValue> _current = new(comparer);
    private Dictionary<TKey, TValue> _previous = new(comparer);
    private long _generation = RetentionGeneration.Of(time.GetUtcNow(), retention);

    /// <summary>Whether no key is remembered any more.</summary>
    public bool IsEmpty
    {
        get
        {
            Rotate();
            return _current.Count == 0 && _previous.Count == 0;
        }
    }

    public bool TryGet(TKey key, out TValue value)
    {
        Rotate();
        return _current.TryGetValue(key, out value!) || _previous.TryGetValue(key, out value!);
    }

    public void Add(TKey key, TValue value)
    {
        Rotate();
        _current[key] = value;
    }

    private void Rotate()
    {
        var generation = RetentionGeneration.Of(time.GetUtcNow(), retention);
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
