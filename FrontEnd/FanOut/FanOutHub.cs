using SseOrleans.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SseOrleans.FrontEnd.Telemetry;
using SseOrleans.FrontEnd.Wire;

namespace SseOrleans.FrontEnd.FanOut;

/// <summary>
/// The front-end's connections, grouped by namespace: one <see cref="NamespaceFeed"/> (and so one
/// Orleans subscription) per namespace with local connections, released with its last connection.
/// </summary>
internal sealed class FanOutHub
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, NamespaceFeed> _feeds = new(StringComparer.Ordinal);
    private readonly IClusterClient _client;
    private readonly ILogger<FanOutHub> _logger;
    private readonly IOptions<SseOptions> _options;
    private long _eventsBroadcast;
    private long _eventsDelivered;
    private int _connectionCount;
    private bool _closing;

    public FanOutHub(IClusterClient client, IOptions<SseOptions> options, SseMetrics metrics, ILogger<FanOutHub> logger)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        _client = client;
        _options = options;
        _logger = logger;
        Metrics = metrics;
        metrics.Observe(this);
    }

    public SseMetrics Metrics { get; }

    /// <summary>Events received from namespace streams (the ancestor's <c>msgs_broadcast</c>).</summary>
    public long EventsBroadcast => Interlocked.Read(ref _eventsBroadcast);

    /// <summary>Events queued to connections: each event counts once per connection it went to.</summary>
    public long EventsDelivered => Interlocked.Read(ref _eventsDelivered);

    public int ConnectionCount => Volatile.Read(ref _connectionCount);

    /// <summary>
    /// Adds the connection to its namespace's feed, or says in one line why not (this front-end is
    /// full, or shutting down). Fan-out reaches it from now on; see <see cref="SubscribeAsync"/>.
    /// </summary>
    public string? TryAttach(SseConnection connection)
    {
        lock (_gate)
        {
            if (_closing)
            {
                return "this front-end is shutting down; reconnect";
            }

            if (_connectionCount >= _options.Value.MaxConnections)
            {
                return "this front-end is at Sse:MaxConnections; retry shortly";
            }

            if (!_feeds.TryGetValue(connection.Namespace, out var feed))
            {
                feed = new NamespaceFeed(connection.Namespace, _client, this, _logger);
                _feeds.Add(connection.Namespace, feed);
            }

            feed.Add(connection);
            _connectionCount++;
            return null;
        }
    }

    /// <summary>Completes once the connection's feed has its Orleans subscription.</summary>
    public Task SubscribeAsync(SseConnection connection)
    {
        lock (_gate)
        {
            return _feeds.TryGetValue(connection.Namespace, out var feed) ? feed.SubscribeAsync() : Task.CompletedTask;
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

    internal void CountBroadcast(int events, int connections)
    {
        Interlocked.Add(ref _eventsBroadcast, events);
        if (connections > 0)
        {
            Interlocked.Add(ref _eventsDelivered, (long)events * connections);
        }
    }
}
