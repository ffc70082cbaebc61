using System.Diagnostics;

namespace SseOrleans.Benchmarks.Load;

/// <summary>
/// Publishes numbered events at a fixed rate: event i is due at start + i / rate (a schedule, so
/// waits never accumulate drift), sent by a bounded set of workers through an
/// <see cref="IPublishTransport"/> (HTTP POST over keep-alive connections, or the grain client). The
/// timestamp in the payload is taken when the request is sent. Accepted events in the measurement
/// window add their leaf's weight to the deliveries expected.
/// </summary>
internal sealed class Publisher
{
    private readonly LoadOptions _options;
    private readonly NamespaceTree _tree;
    private readonly MeasurementWindow _window;
    private readonly IPublishTransport _transport;
    private long _first;
    private long _next;
    private long _start;
    private double _ticksPerEvent;
    private long _accepted;
    private long _errors;
    private long _expected;
    private long _acceptedInWindow;
    private int _errorsLogged;

    public Publisher(LoadOptions options, NamespaceTree tree, MeasurementWindow window, IPublishTransport transport)
    {
        _options = options;
        _tree = tree;
        _window = window;
        _transport = transport;
    }

    /// <summary>The transport <c>--publish</c> names (http or grain); the caller disposes it.</summary>
    public static async Task<IPublishTransport> ConnectAsync(LoadOptions options, NamespaceTree tree, CancellationToken stop) =>
        options.PublishVia == "grain"
            ? await GrainPublishTransport.ConnectAsync(options, tree, stop)
            : new HttpPublishTransport(options, tree);

    public long Accepted => Interlocked.Read(ref _accepted);

    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>Deliveries expected for the accepted events of the window (one per subscriber of the leaf and its ancestors).</summary>
    public long Expected => Interlocked.Read(ref _expected);

    public long AcceptedInWindow => Interlocked.Read(ref _acceptedInWindow);

    /// <summary>
    /// The first sequence number not sent yet: the next one due by the schedule, or, when the
    /// publisher is behind it, the next one a worker will take. (Idle workers hold sequences that
    /// are not due yet; those count as not sent.)
    /// </summary>
    public long NextSequence
    {
        get
        {
            var taken = Volatile.Read(ref _next);
            if (Volatile.Read(ref _ticksPerEvent) is > 0 and var ticksPerEvent)
            {
                var due = (long)Math.Ceiling((Stopwatch.GetTimestamp() - Volatile.Read(ref _start)) / ticksPerEvent);
                taken = Math.Min(taken, due);
            }

            return Volatile.Read(ref _first) + taken;
        }
    }

    /// <summary>Time from sending a publish to its acceptance (a POST's 202, a grain call's return).</summary>
    public LatencyHistogram PostLatency { get; } = new();

    public void ResetWindow()
    {
        Interlocked.Exchange(ref _expected, 0);
        Interlocked.Exchange(ref _acceptedInWindow, 0);
        PostLatency.Reset();
    }

    /// <summary>
    /// Publishes sequences [first, first + count) at <paramref name="rate"/> per second (0: unpaced).
    /// Once <paramref name="stopSending"/> fires no new request starts (a server that cannot keep the
    /// rate gets fewer events, not a longer run); requests in flight finish unless <paramref name="stop"/> fires.
    /// </summary>
    public Task RunAsync(long first, long count, double rate, CancellationToken stopSending, CancellationToken stop)
    {
        Volatile.Write(ref _next, 0);
        Volatile.Write(ref _first, first);
        var start = Stopwatch.GetTimestamp();
        var ticksPerEvent = rate > 0 ? Stopwatch.Frequency / rate : 0;
        Volatile.Write(ref _start, start);
        Volatile.Write(ref _ticksPerEvent, ticksPerEvent);
        var workers = new Task[_options.Concurrency];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = Task.Run(() => WorkAsync(first, count, start, ticksPerEvent, stopSending, stop), CancellationToken.None);
        }

        return Task.WhenAll(workers);
    }

    private async Task WorkAsync(long first, long count, long start, double ticksPerEvent, CancellationToken stopSending, CancellationToken stop)
    {
        var buffer = new byte[Math.Max(_options.Size, Payload.MaxPrefix)];
        while (!stopSending.IsCancellationRequested)
        {
            var i = Interlocked.Increment(ref _next) - 1;
            if (i >= count)
            {
                return;
            }

            var wait = start + (long)(i * ticksPerEvent) - Stopwatch.GetTimestamp();
            if (wait > 0)
            {
                try
                {
                    await Task.Delay(Stopwatch.GetElapsedTime(0, wait), stopSending);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            if (stopSending.IsCancellationRequested)
            {
                return;
            }

            await PostAsync(first + i, buffer, stop);
        }
    }

    private async Task PostAsync(long sequence, byte[] buffer, CancellationToken stop)
    {
        var leaf = _tree.LeafOf(sequence);
        var sent = Stopwatch.GetTimestamp();
        var length = Payload.Write(buffer, sequence, sent, _options.Size);
        string? failure;
        try
        {
            failure = await _transport.SendAsync(leaf, buffer, length, stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return;
        }

        if (failure is not null)
        {
            Error(failure);
            return;
        }

        PostLatency.RecordTicks(Stopwatch.GetTimestamp() - sent);
        Interlocked.Increment(ref _accepted);
        if (_window.Contains(sequence))
        {
            Interlocked.Increment(ref _acceptedInWindow);
            Interlocked.Add(ref _expected, _tree.Weight(leaf));
        }
    }

    private void Error(string message)
    {
        Interlocked.Increment(ref _errors);
        if (Interlocked.Increment(ref _errorsLogged) <= 5)
        {
            Console.Error.WriteLine($"  publish failed: {message}");
        }
    }
}
