using System.Diagnostics;
using System.Net;

namespace SseOrleans.Benchmarks.Load;

/// <summary>
/// Every subscriber of a run: opened with bounded concurrency over the source addresses, summed
/// without locks (each counter has one writer, its receive loop), and closed together.
/// </summary>
internal sealed class SubscriberPool(LoadOptions options, NamespaceTree tree, MeasurementWindow window, LatencyHistogram latency) : IDisposable
{
    private readonly List<Subscriber> _subscribers = new(options.Connections);
    private readonly List<Task> _loops = new(options.Connections);
    private readonly CancellationTokenSource _close = new();

    // A field, not a local: connections still opening release it after OpenAsync has given up.
    private readonly SemaphoreSlim _opening = new(options.ConnectConcurrency);

    public int Capacity => options.Connections;

    public int Count => _subscribers.Count;

    public int Opened { get; private set; }

    public LatencyHistogram ConnectTimes { get; } = new();

    /// <summary>
    /// From the first connect's start to the last <c>retry:</c> line of the connections that opened:
    /// how long the server took to open them all; NaN when none opened.
    /// </summary>
    public double ConnectSpanMilliseconds { get; private set; } = double.NaN;

    /// <summary>
    /// Opens the connections; returns once each has its <c>retry:</c> line or has failed. Every subscriber
    /// (its buffers, its request) is made before the first connect, so the connects are all that is timed.
    /// </summary>
    public async Task OpenAsync(CancellationToken stop)
    {
        await using var closeOnStop = stop.Register(static state => ((CancellationTokenSource)state!).Cancel(), _close);
        var servers = options.Servers;
        for (var i = 0; i < options.Connections; i++)
        {
            var source = new IPAddress(new byte[] { 127, 0, 0, (byte)(1 + (i % options.Sources)) });
            var server = servers[tree.ServerOf(i, servers.Length)];
            _subscribers.Add(new Subscriber(server, source, tree.SubscriberPath(i), options.ReceiveBuffer, new SseResponseDecoder(window, latency)));
        }

        // The buffers just made (16 KB a subscriber) are young: without this the first collections during
        // the connects would copy them all, on the tool's one core, while it is being timed.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        var opening = new List<Task>(options.Connections);
        var progress = Stopwatch.StartNew();
        for (var i = 0; i < _subscribers.Count; i++)
        {
            await _opening.WaitAsync(stop);
            var subscriber = _subscribers[i];
            _loops.Add(Task.Run(() => subscriber.RunAsync(_close.Token), CancellationToken.None));
            opening.Add(Released(subscriber, _opening));
            if (progress.Elapsed > TimeSpan.FromSeconds(2))
            {
                Console.Error.WriteLine($"  opening: {i + 1}/{options.Connections}");
                progress.Restart();
            }
        }

        var all = Task.WhenAll(opening);
        var limit = TimeSpan.FromSeconds(30 + (options.Connections / 200.0));
        if (await Task.WhenAny(all, Task.Delay(limit, stop)) != all)
        {
            Console.Error.WriteLine($"  not every connection opened within {limit.TotalSeconds:0} s");
        }

        long firstStart = long.MaxValue, lastOpened = long.MinValue;
        foreach (var subscriber in _subscribers)
        {
            if (subscriber.ConnectStartedTimestamp != 0)
            {
                firstStart = Math.Min(firstStart, subscriber.ConnectStartedTimestamp);
            }

            if (subscriber.ConnectTicks >= 0)
            {
                Opened++;
                ConnectTimes.RecordTicks(subscriber.ConnectTicks);
                lastOpened = Math.Max(lastOpened, subscriber.OpenedTimestamp);
            }
        }

        if (Opened > 0)
        {
            ConnectSpanMilliseconds = Stopwatch.GetElapsedTime(firstStart, lastOpened).TotalMilliseconds;
        }
    }

    /// <summary>The first few distinct reasons connections failed, for the log.</summary>
    public string Failures()
    {
        var reasons = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var subscriber in _subscribers)
        {
            if (subscriber.Failure is { } failure)
            {
                reasons[failure] = reasons.GetValueOrDefault(failure) + 1;
            }
        }

        return string.Join("; ", reasons.Select(pair => $"{pair.Value} x {pair.Key}"));
    }

    public long Delivered()
    {
        var total = 0L;
        foreach (var subscriber in _subscribers)
        {
            total += subscriber.Decoder.Delivered;
        }

        return total;
    }

    public long InWindow()
    {
        var total = 0L;
        foreach (var subscriber in _subscribers)
        {
            total += subscriber.Decoder.InWindow;
        }

        return total;
    }

    public void ResetWindowCounts()
    {
        foreach (var subscriber in _subscribers)
        {
            subscriber.Decoder.ResetWindowCount();
        }
    }

    public int Disconnects()
    {
        var total = 0;
        foreach (var subscriber in _subscribers)
        {
            total += subscriber.Disconnects;
        }

        return total;
    }

    /// <summary>Closes every socket and waits for the receive loops to end.</summary>
    public async Task CloseAsync(TimeSpan timeout)
    {
        await _close.CancelAsync();
        var all = Task.WhenAll(_loops);
        if (await Task.WhenAny(all, Task.Delay(timeout)) != all)
        {
            Console.Error.WriteLine("  some receive loops did not end in time");
        }
    }

    private static async Task Released(Subscriber subscriber, SemaphoreSlim gate)
    {
        try
        {
            await subscriber.Opened;
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose()
    {
        _close.Dispose();
        _opening.Dispose();
    }
}
