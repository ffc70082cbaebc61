using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SseOrleans.Abstractions;

namespace SseOrleans.FrontEnd.FanOut;

/// <summary>
/// The connections that have bytes waiting, and the one loop that writes them. Fan-out only marks a
/// connection's <see cref="ConnectionWriter"/> here; the loop then has each marked one write its whole
/// backlog in one write and one flush. Adaptive: the first mark after a quiet spell is flushed at once, and everything marked in
/// the <see cref="SseOptions.FlushInterval"/> after a flush waits for the next one. So at low rates an
/// event leaves as soon as it arrives, and at high rates each connection gets at most one send per
/// interval however many events it has, with no per-connection timer or wake-up.
/// </summary>
internal sealed class FlushScheduler(IOptions<SseOptions> options, TimeProvider time) : BackgroundService
{
    private readonly ConcurrentQueue<ConnectionWriter> _dirty = new();
    private readonly SemaphoreSlim _wake = new(0);
    private int _signaled;

    public void MarkDirty(ConnectionWriter connection)
    {
        _dirty.Enqueue(connection);
        if (Interlocked.Exchange(ref _signaled, 1) == 0)
        {
            _wake.Release();
        }
    }

    /// <summary>
    /// Flushes the connections marked so far (those marked meanwhile wait for the next flush); returns
    /// how many of them sent something.
    /// </summary>
    public int FlushDirty()
    {
        var count = _dirty.Count;
        var sent = 0;
        for (var i = 0; i < count && _dirty.TryDequeue(out var connection); i++)
        {
            if (connection.Flush())
            {
                sent++;
            }
        }

        return sent;
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.FlushInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            await _wake.WaitAsync(stoppingToken);
            var started = time.GetTimestamp();
            Volatile.Write(ref _signaled, 0);
            if (FlushDirty() == 0)
            {
                continue;
            }

            // The coalescing window after sends: what is marked now waits until it has passed.
            var rest = interval - time.GetElapsedTime(started);
            if (rest > TimeSpan.Zero)
            {
                await Task.Delay(rest, time, stoppingToken);
            }
        }
    }
}
