using Microsoft.Extensions.Options;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.Telemetry;
using SseOrleans.FrontEnd.Wire;

namespace SseOrleans.FrontEnd.FanOut;

/// <summary>
/// The front-end's connections, grouped by namespace: one <see cref="NamespaceFeed"/> (and so one
/// stream subscription) per namespace with local connections, released with its last connection.
/// </summary>
internal sealed class FanOutHub(FeedServices feeds, IOptions<SseOptions> options, SseCounters counters)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, NamespaceFeed> _feeds = new(StringComparer.Ordinal);
    private bool _closing;

    public int ConnectionCount => counters.Connections;

    /// <summary>
    /// Adds the connection to its namespace's feed, or says in one line why not (this front-end is
    /// full, or shutting down). Fan-out reaches it from now on; see <see cref="SubscribeAsync"/>.
    /// </summary>
    public string? TryAttach(SseConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        lock (_gate)
        {
            if (_closing)
            {
                return "this front-end is shutting down; reconnect";
            }

            if (counters.Connections >= options.Value.MaxConnections)
            {
                return "this front-end is at Sse:MaxConnections; retry shortly";
            }

            if (!_feeds.TryGetValue(connection.Namespace, out var feed))
            {
                feed = new NamespaceFeed(connection.Namespace, feeds);
                _feeds.Add(connection.Namespace, feed);
            }

            feed.Add(connection);
            counters.ConnectionOpened();
            return null;
        }
    }

    /// <summary>Completes once the connection's feed has its stream subscription.</summary>
    public Task SubscribeAsync(SseConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        lock (_gate)
        {
            return _feeds.TryGetValue(connection.Namespace, out var feed) ? feed.SubscribeAsync() : Task.CompletedTask;
        }
    }

    /// <summary>
    /// Removes the connection; the last one of a namespace releases its subscription, which the
    /// returned task completes (it never fails: a release the cluster cannot take is only logged).
    /// </summary>
    public Task DetachAsync(SseConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        NamespaceFeed? emptied = null;
        lock (_gate)
        {
            if (!_feeds.TryGetValue(connection.Namespace, out var feed) || !feed.Remove(connection))
            {
                return Task.CompletedTask;
            }

            counters.ConnectionClosed();
            if (feed.Connections.Length == 0)
            {
                _feeds.Remove(connection.Namespace);
                emptied = feed;
            }
        }

        return emptied?.UnsubscribeAsync() ?? Task.CompletedTask;
    }

    /// <summary>Local subscriber counts per namespace.</summary>
    public Dictionary<string, int> SubscriberCounts()
    {
        lock (_gate)
        {
            var counts = new Dictionary<string, int>(_feeds.Count, StringComparer.Ordinal);
            foreach (var (path, feed) in _feeds)
            {
                counts[path] = feed.Connections.Length;
            }

            return counts;
        }
    }

    /// <summary>The namespaces with local connections, for re-subscribing after the cluster lost a silo.</summary>
    public NamespaceFeed[] Feeds()
    {
        lock (_gate)
        {
            return [.. _feeds.Values];
        }
    }

    /// <summary>Every local connection, for status pages and keep-alives.</summary>
    public List<SseConnection> Connections()
    {
        lock (_gate)
        {
            var all = new List<SseConnection>(counters.Connections);
            foreach (var feed in _feeds.Values)
            {
                all.AddRange(feed.Connections);
            }

            return all;
        }
    }

    public void BroadcastKeepAlive()
    {
        foreach (var connection in Connections())
        {
            connection.Enqueue(EncodedBatch.KeepAlive);
        }
    }

    /// <summary>
    /// Shutdown: refuses new connections and ends every stream cleanly, so that clients reconnect
    /// (to another front-end) and replay what they miss meanwhile.
    /// </summary>
    public void CloseAll()
    {
        lock (_gate)
        {
            _closing = true;
        }

        foreach (var connection in Connections())
        {
            connection.Close();
        }
    }
}
