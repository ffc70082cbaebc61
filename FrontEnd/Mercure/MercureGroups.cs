namespace SseOrleans.FrontEnd.Mercure;

/// <summary>
/// This front-end's <see cref="MercureGroup"/>s, one per feed and distinct filter, and per feed the frames its
/// groups share: made with a group's first connection, dropped with its last.
/// </summary>
internal sealed class MercureGroups
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Feed, SubscriberFilter Filter), Counted<MercureGroup>> _groups = [];
    private readonly Dictionary<string, Counted<MercureFeedFrames>> _frames = new(StringComparer.Ordinal);

    public MercureGroup Acquire(string feed, SubscriberFilter filter)
    {
        lock (_gate)
        {
            if (!_groups.TryGetValue((feed, filter), out var group))
            {
                if (!_frames.TryGetValue(feed, out var frames))
                {
                    frames = new Counted<MercureFeedFrames>(new MercureFeedFrames());
                    _frames.Add(feed, frames);
                }

                frames.Count++;
                group = new Counted<MercureGroup>(new MercureGroup(feed, filter, frames.Value));
                _groups.Add((feed, filter), group);
            }

            group.Count++;
            return group.Value;
        }
    }

    public void Release(MercureGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        lock (_gate)
        {
            if (!_groups.TryGetValue((group.Feed, group.Filter), out var counted) || --counted.Count > 0)
            {
                return;
            }

            _groups.Remove((group.Feed, group.Filter));
            if (--_frames[group.Feed].Count == 0)
            {
                _frames.Remove(group.Feed);
            }
        }
    }

    /// <summary>Groups now, for tests and status.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _groups.Count;
            }
        }
    }

    private sealed class Counted<T>(T value)
    {
        public T Value => value;

        public int Count { get; set; }
    }
}
