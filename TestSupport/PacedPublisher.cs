using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SseOrleans.TestSupport;

/// <summary>
/// A publisher at a steady rate through one address (an ingress): event i is due at start + i / rate, whatever
/// the earlier ones are doing, on the paths in turn. Each publish carries an <c>Idempotency-Key</c> and is
/// retried under it (a broken connection, no answer, a 5xx or 429) until it is accepted or
/// <paramref name="retryFor"/> has passed since its first attempt, as a careful publisher retries: the key
/// makes a retry of an attempt that was appended after all the same publish. Retries back off (0.2 s doubling
/// to 2 s), and <see cref="Client"/> keeps at most <see cref="MaxConnections"/> requests on the wire, as a
/// publisher that does not want to bury a recovering cluster under its retries keeps them.
/// </summary>
public sealed class PacedPublisher(HttpClient http, IReadOnlyList<string> paths, double rate, TimeSpan retryFor)
{
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(2);
    private readonly ConcurrentQueue<PublishOutcome> _outcomes = new();
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private int _sent;

    /// <summary>Publishes in flight at most; the others wait in the client (within their attempt's timeout).</summary>
    public const int MaxConnections = 64;

    /// <summary>Every publish finished so far.</summary>
    public IReadOnlyCollection<PublishOutcome> Outcomes => _outcomes;

    /// <summary>
    /// A client for <paramref name="address"/> (an ingress): at most <see cref="MaxConnections"/> connections,
    /// each used for 2 s at most, so that new ones spread over the front-ends again after one restarts.
    /// </summary>
    public static HttpClient Client(Uri address) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = MaxConnections, PooledConnectionLifetime = TimeSpan.FromSeconds(2) })
        {
            BaseAddress = address,
        };

    /// <summary>Publishes until <paramref name="stop"/> is cancelled, then waits for those still being tried.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        var start = Stopwatch.GetTimestamp();
        var inFlight = new List<Task>();
        try
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var wait = TimeSpan.FromSeconds(i / rate) - Stopwatch.GetElapsedTime(start);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, stop);
                }

                inFlight.Add(PublishAsync(paths[i % paths.Count]));
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Told to stop between two publishes.
        }

        await Task.WhenAll(inFlight);
    }

    /// <summary>One publish, retried under its key; the outcome is also kept in <see cref="Outcomes"/>.</summary>
    public async Task<PublishOutcome> PublishAsync(string path)
    {
        var data = string.Create(CultureInfo.InvariantCulture, $"{_run}-{Interlocked.Increment(ref _sent)}");
        var started = Stopwatch.GetTimestamp();
        HttpStatusCode? status = null;
        string? failure = null;
        var attempts = 0;
        var delay = FirstRetryDelay;
        while (true)
        {
            attempts++;
            (status, failure) = await AttemptAsync(path, data, key: data);
            var retry = status is null or HttpStatusCode.TooManyRequests || (int)status >= 500;
            if (!retry || Stopwatch.GetElapsedTime(started) + delay > retryFor)
            {
                break;
            }

            await Task.Delay(delay);
            delay = TimeSpan.FromTicks(Math.Min(2 * delay.Ticks, MaxRetryDelay.Ticks));
        }

        var outcome = new PublishOutcome(path, data, status, started, Stopwatch.GetTimestamp(), failure, attempts);
        _outcomes.Enqueue(outcome);
        return outcome;
    }

    private async Task<(HttpStatusCode? Status, string? Failure)> AttemptAsync(string path, string data, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/publish" + path, UriKind.Relative))
        {
            Content = new StringContent(data, Encoding.UTF8, "text/plain"),
        };
        request.Headers.Add("Idempotency-Key", key);
        using var timeout = new CancellationTokenSource(AttemptTimeout);
        try
        {
            using var response = await http.SendAsync(request, timeout.Token);
            return (response.StatusCode, null);
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException)
        {
            return (null, exception.GetBaseException() is SocketException socket ? socket.SocketErrorCode.ToString() : exception.GetBaseException().GetType().Name);
        }
    }
}
