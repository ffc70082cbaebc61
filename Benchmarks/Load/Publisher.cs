using System.Diagnostics;
using System.Net;

namespace SseOrleans.Benchmarks.Load;

/// <summary>
/// Publishes numbered events over HTTP POST at a fixed rate: event i is due at start + i / rate (a
/// schedule, so waits never accumulate drift), sent by a bounded set of workers over keep-alive
/// connections. The timestamp in the payload is taken when the request is sent. Accepted events in
/// the measurement window add their leaf's weight to the deliveries expected.
/// </summary>
internal sealed class Publisher : IDisposable
{
    private readonly LoadOptions _options;
    private readonly NamespaceTree _tree;
    private readonly MeasurementWindow _window;
    private readonly HttpClient _http;
    private readonly Uri[] _leafUris;
    private long _first;
    private long _next;
    private long _start;
    private double _ticksPerEvent;
    private long _accepted;
    private long _errors;
    private long _expected;
    private long _acceptedInWindow;
    private int _errorsLogged;

    public Publisher(LoadOptions options, NamespaceTree tree, MeasurementWindow window)
    {
        _options = options;
        _tree = tree;
        _window = window;
        _http = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            MaxConnectionsPerServer = options.Concurrency,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(5),
        })
        {
            Timeout = TimeSpan.FromSeconds(10),
        };
        _leafUris = new Uri[tree.LeafCount];
        for (var leaf = 0; leaf < _leafUris.Length; leaf++)
        {
            _leafUris[leaf] = new Uri(options.Url, "/publish" + tree.LeafPath(leaf));
        }
    }

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

    /// <summary>Time from sending a POST to its 202.</summary>
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
        try
        {
            using var content = new ByteArrayContent(buffer, 0, length);
            using var request = new HttpRequestMessage(HttpMethod.Post, _leafUris[leaf]) { Content = content };
            using var response = await _http.SendAsync(request, stop);
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                Error($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(stop)}");
                return;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            Error(exception.Message);
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

    public void Dispose() => _http.Dispose();
}
