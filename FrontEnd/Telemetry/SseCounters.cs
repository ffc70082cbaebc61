namespace SseOrleans.FrontEnd.Telemetry;

/// <summary>
/// What the front-end counts as it works: written by the fan-out, read by the observable
/// instruments and the status page. Plain interlocked fields, nothing per connection.
/// </summary>
internal sealed class SseCounters
{
    private long _eventsBroadcast;
    private long _eventsDelivered;
    private int _connections;

    /// <summary>Open SSE connections.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Events received from namespace streams (the ancestor's <c>msgs_broadcast</c>).</summary>
    public long EventsBroadcast => Interlocked.Read(ref _eventsBroadcast);

    /// <summary>Events queued to connections: each event counts once per connection it went to.</summary>
    public long EventsDelivered => Interlocked.Read(ref _eventsDelivered);

    public void ConnectionOpened() => Interlocked.Increment(ref _connections);

    public void ConnectionClosed() => Interlocked.Decrement(ref _connections);

    public void Broadcast(int events, int connections)
    {
        Interlocked.Add(ref _eventsBroadcast, events);
        if (connections > 0)
        {
            Interlocked.Add(ref _eventsDelivered, (long)events * connections);
        }
    }
}
