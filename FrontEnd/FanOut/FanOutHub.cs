using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.Namespaces;
using SseOrleans.FrontEnd.Telemetry;
using SseOrleans.FrontEnd.Wire;

namespace SseOrleans.FrontEnd.FanOut;

/// <summary>
/// The front-end's connections, grouped by namespace: one <see cref="NamespaceFeed"/> (and so one
/// stream subscription) per namespace with local connections, made here from its parts and released
/// with its last connection.
/// </summary>
internal sealed class FanOutHub(
    INamespaceStreams streams,
    INamespaceGrains namespaces,
    FeedRepairs repairs,
    FrontEndIdentity identity,
    IOptions<SseOptions> options,
    SseCounters counters,
    SseMetrics metrics,
    ILogger<NamespaceFeed> logger)
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
                feed = NewFeed(connection.Namespace);
                _feeds.Add(connection.Namespace, feed);
            }

            feed.Delivery.Add(connection);
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
            if (!_feeds.TryGetValue(connection.Namespace, out var feed) || !feed.Delivery.Remove(connection))
            {
                return Task.CompletedTask;
            }

            counters.ConnectionClosed();
            if (feed.Delivery.Count == 0)
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
                counts[path] = feed.Delivery.Count;
            }

            return counts;
        }
    }

    /// <summary>The namespaces with local connections: for the reports, the gap check and recovery.</summary>
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
                foreach (var subscriber in feed.Delivery.Subscribers)
                {
                    if (subscriber is SseConnection connection)
                    {
                        all.Add(connection);
                    }
                }
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

    // A namespace's parts: its delivery, the ordering that writes into it, and the feed over both.
    private NamespaceFeed NewFeed(string path)
    {
        var delivery = new FeedDelivery(counters, metrics);
        var order = new FeedOrder(path, delivery, options.Value.HistoryPageBytes, metrics, logger);
        var interest = new FeedInterest(identity.Id, options.Value.SubscriberLease, options.Value.InterestTimeout);
        return new NamespaceFeed(path, order, delivery, streams, namespaces, repairs, interest, logger);
    }
}
