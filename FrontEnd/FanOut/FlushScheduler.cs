using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SseOrleans.Abstractions;

namespace SseOrleans.FrontEnd.FanOut;

/// <summary>
/// The connections that have bytes waiting, and the one process-wide timer that writes them: fan-out
/// only marks a connection here, and once per <see cref="SseOptions.FlushInterval"/> each marked
/// connection writes its whole backlog in one write and one flush. At high event rates that turns one
/// send per event per connection into one send per tick per connection, with no per-connection timer.
/// </summary>
internal sealed class FlushScheduler(IOptions<SseOptions> options, TimeProvider time) : BackgroundService
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

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.FlushInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            FlushDirty();
        }
    }
}
