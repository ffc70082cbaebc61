using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.FanOut;
using SseOrleans.FrontEnd.Wire;

namespace SseOrleans.Benchmarks.Baseline;

/// <summary>
/// One namespace of the baseline: its connections and its own event numbering, as a namespace grain
/// numbers its events (an epoch from the clock at creation, then a sequence). A delivery encodes the
/// event once and enqueues the same bytes to every connection, as a front-end's feed does per batch.
/// </summary>
internal sealed class BaselineNamespace(string path, BaselineNamespace? parent)
{
    private readonly Lock _gate = new();
    private readonly long _epoch = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    private readonly HashSet<SseConnection> _members = new(ReferenceEqualityComparer.Instance);
    private SseConnection[]? _connections = [];
    private long _sequence;

    public string Path { get; } = path;

    /// <summary>The enclosing namespace, kept so that delivering upwards allocates no path strings.</summary>
    public BaselineNamespace? Parent { get; } = parent;

    // As FrontEnd's FeedDelivery: a join or a leave marks the array stale, the next reader makes it again.
    public SseConnection[] Connections
    {
        get
        {
            lock (_gate)
            {
                return _connections ??= [.. _members];
            }
        }
    }

    public void Add(SseConnection connection)
    {
        lock (_gate)
        {
            _members.Add(connection);
            _connections = null;
        }
    }

    public void Remove(SseConnection connection)
    {
        lock (_gate)
        {
            if (_members.Remove(connection))
            {
                _connections = null;
            }
        }
    }

    /// <summary>
    /// Numbers the event here and queues it for this namespace's connections; returns its id here.
    /// Numbering and queueing share one lock, so every connection gets a namespace's events in id order.
    /// </summary>
    public SseEventId Deliver(string? name, string data, string origin)
    {
        lock (_gate)
        {
            var id = new SseEventId(_epoch, ++_sequence);
            var connections = _connections ??= [.. _members];
            if (connections.Length > 0)
            {
                // Per event and namespace, never per connection: every connection shares these bytes.
                var encoded = EncodedBatch.Encode([new NamespaceEvent(id, name, data, origin)]);
                foreach (var connection in connections)
                {
                    connection.Enqueue(encoded);
                }
            }

            return id;
        }
    }
}
