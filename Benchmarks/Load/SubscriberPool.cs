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

    /// <summary>Opens the connections; returns once each has its <c>retry:</c> line or has failed.</summary>
    public async Task OpenAsync(CancellationToken stop)
    {
        await using var closeOnStop = stop.Register(static state => ((CancellationTokenSource)state!).Cancel(), _close);
        var server = options.Server;
        var opening = new List<Task>(options.Connections);
        var progress = Stopwatch.StartNew();
        for (var i = 0; i < options.Connections; i++)
        {
            await _opening.WaitAsync(stop);
            var source = new IPAddress(new byte[] { 127, 0, 0, (byte)(1 + (i % options.Sources)) });
            var subscriber = new Subscriber(server, source, tree.SubscriberPath(i), options.ReceiveBuffer, new SseResponseDecoder(window, latency));
            _subscribers.Add(subscriber);
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

        foreach (var subscriber in _subscribers)
        {
            if (subscriber.ConnectTicks >= 0)
            {
                Opened++;
                ConnectTimes.RecordTicks(subscriber.ConnectTicks);
            }
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
