using Microsoft.Extensions.Logging;
using SseOrleans.FrontEnd.Wire;

namespace SseOrleans.FrontEnd.FanOut;

/// <summary>
/// The front-end's connections, grouped by namespace: one <see cref="NamespaceFeed"/> (and so one
/// Orleans subscription) per namespace with local connections, released with its last connection.
/// </summary>
internal sealed class FanOutHub(IClusterClient client, ILogger<FanOutHub> logger)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, NamespaceFeed> _feeds = new(StringComparer.Ordinal);
    private long _eventsBroadcast;
    private int _connectionCount;

    public long EventsBroadcast => Interlocked.Read(ref _eventsBroadcast);

    public int ConnectionCount => Volatile.Read(ref _connectionCount);

    /// <summary>Adds the connection to its namespace's feed; returns once the feed is subscribed.</summary>
    public async Task AttachAsync(SseConnection connection)
    {
        NamespaceFeed feed;
        lock (_gate)
        {
            if (!_feeds.TryGetValue(connection.Namespace, out feed!))
            {
                feed = new NamespaceFeed(connection.Namespace, client, this, logger);
                _feeds.Add(connection.Namespace, feed);
            }

            feed.Add(connection);
            _connectionCount++;
        }

        try
        {
            await feed.SubscribeAsync();
        }
        catch
        {
            Detach(connection);
            throw;
        }
    }

    public void Detach(SseConnection connection)
    {
        NamespaceFeed? emptied = null;
        lock (_gate)
        {
            if (!_feeds.TryGetValue(connection.Namespace, out var feed) || !feed.Remove(connection))
            {
                return;
            }

            _connectionCount--;
            if (feed.Connections.Length == 0)
            {
                _feeds.Remove(connection.Namespace);
                emptied = feed;
            }
        }

        if (emptied is not null)
        {
            _ = emptied.UnsubscribeAsync();
        }
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
            var all = new List<SseConnection>(_connectionCount);
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

    /// <summary>Ends every stream cleanly so that clients reconnect (to another front-end).</summary>
    public void CloseAll()
    {
        foreach (var connection in Connections())
        {
            connection.Close();
        }
    }

    internal void CountBroadcast(int events) => Interlocked.Add(ref _eventsBroadcast, events);
}
