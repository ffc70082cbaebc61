using SseOrleans.Abstractions;
using System.Collections.Concurrent;

namespace SseOrleans.FrontEnd.FanOut;

/// <summary>
/// The connections that have bytes waiting. Fan-out only marks a connection here; once per
/// <see cref="SseOptions.FlushInterval"/> the <see cref="FlushTicker"/> writes each one's whole backlog
/// in one write and one flush. At high event rates that turns one send per event per connection
/// into one send per tick per connection, with no per-connection timer or wake-up.
/// </summary>
internal sealed class FlushScheduler
{
    private readonly ConcurrentQueue<SseConnection> _dirty = new();

    public void MarkDirty(SseConnection connection) => _dirty.Enqueue(connection);

    /// <summary>Flushes the connections marked so far; those marked meanwhile wait for the next tick.</summary>
    public int FlushDirty()
    {
        var count = _dirty.Count;
        for (var i = 0; i < count && _dirty.TryDequeue(out var connection); i++)
        {
            connection.Flush();
        }

        return count;
    }
}
