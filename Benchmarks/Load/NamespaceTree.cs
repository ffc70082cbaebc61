namespace SseOrleans.Benchmarks.Load;

/// <summary>
/// The namespaces of a run: the root (<c>--namespace</c>) and, with <c>--spread F1,F2,...</c>, a tree
/// below it with F1 children (<c>/a0</c>...), each with F2 children (<c>/b0</c>...), and so on.
/// Subscribers are dealt round-robin over every node (over the leaves only, with <c>leavesOnly</c>);
/// events are published round-robin to the leaves. An event published to a leaf is expected once by
/// every subscriber of that leaf and of each ancestor up to the root: that count is the leaf's
/// <see cref="Weight"/>.
/// </summary>
internal sealed class NamespaceTree
{
    private readonly List<string> _paths = [];
    private readonly List<int> _parents = [];
    private readonly List<int> _leaves = [];
    private readonly List<int> _subscribed;
    private readonly int[] _subscribers;
    private readonly long[] _weights;

    public NamespaceTree(string root, int[] spread, int connections, bool leavesOnly = false)
    {
        Add(root.TrimEnd('/') is "" ? "/" : root.TrimEnd('/'), -1, spread, 0);
        _subscribed = leavesOnly ? _leaves : Enumerable.Range(0, _paths.Count).ToList();
        _subscribers = new int[_paths.Count];
        for (var i = 0; i < connections; i++)
        {
            _subscribers[_subscribed[i % _subscribed.Count]]++;
        }

        _weights = new long[_leaves.Count];
        for (var leaf = 0; leaf < _leaves.Count; leaf++)
        {
            for (var node = _leaves[leaf]; node >= 0; node = _parents[node])
            {
                _weights[leaf] += _subscribers[node];
            }
        }
    }

    public int NodeCount => _paths.Count;

    public int LeafCount => _leaves.Count;

    /// <summary>The namespace the <paramref name="connection"/>-th subscriber subscribes to.</summary>
    public string SubscriberPath(int connection) => _paths[_subscribed[connection % _subscribed.Count]];

    /// <summary>
    /// Which of <paramref name="servers"/> the <paramref name="connection"/>-th subscriber connects to: the
    /// subscribers of each namespace are dealt round-robin over the servers, so with enough of them every
    /// server holds some subscribers of every namespace (as a load balancer spreading clients would).
    /// </summary>
    public int ServerOf(int connection, int servers) => connection / _subscribed.Count % servers;

    /// <summary>The leaf the event with <paramref name="sequence"/> is published to.</summary>
    public int LeafOf(long sequence) => (int)(sequence % _leaves.Count);

    public string LeafPath(int leaf) => _paths[_leaves[leaf]];

    /// <summary>Deliveries expected for one event published to <paramref name="leaf"/>.</summary>
    public long Weight(int leaf) => _weights[leaf];

    private void Add(string path, int parent, int[] spread, int level)
    {
        var index = _paths.Count;
        _paths.Add(path);
        _parents.Add(parent);
        if (level == spread.Length)
        {
            _leaves.Add(index);
            return;
        }

        var prefix = path == "/" ? "/" : path + "/";
        var letter = (char)('a' + (level % 26));
        for (var child = 0; child < spread[level]; child++)
        {
            Add($"{prefix}{letter}{child}", index, spread, level + 1);
        }
    }
}
