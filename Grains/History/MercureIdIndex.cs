namespace SseOrleans.Grains.History;

/// <summary>
/// The memory store's Mercure id index: update id → the position of its publish, kept in two generations of
/// the history's age (as <see cref="PublishIdWindow"/> keeps publish ids), so an id is replayable at least as
/// long as its events are retained. A repeated id points at its newest use.
/// </summary>
internal sealed class MercureIdIndex(TimeSpan retention, TimeProvider time)
{
    private Dictionary<string, long> _current = new(StringComparer.Ordinal);
    private Dictionary<string, long> _previous = new(StringComparer.Ordinal);
    private long _generation = PublishIdWindow.Generation(time.GetUtcNow(), retention);

    public bool TryGet(string id, out long position)
    {
        Rotate();
        return _current.TryGetValue(id, out position) || _previous.TryGetValue(id, out position);
    }

    public void Add(string id, long position)
    {
        Rotate();
        _current[id] = position;
    }

    private void Rotate()
    {
        var generation = PublishIdWindow.Generation(time.GetUtcNow(), retention);
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
