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
/// makes a retry of an attempt that was appended after all the same publish.
/// </summary>
public sealed class PacedPublisher(HttpClient http, IReadOnlyList<string> paths, double rate, TimeSpan retryFor)
{
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);
    private readonly ConcurrentQueue<PublishOutcome> _outcomes = new();
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private int _sent;

    /// <summary>Every publish finished so far.</summary>
    public IReadOnlyCollection<PublishOutcome> Outcomes => _outcomes;

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
        while (true)
        {
            attempts++;
            (status, failure) = await AttemptAsync(path, data, key: data);
            var retry = status is null or HttpStatusCode.TooManyRequests || (int)status >= 500;
            if (!retry || Stopwatch.GetElapsedTime(started) + RetryDelay > retryFor)
            {
                break;
            }

            await Task.Delay(RetryDelay);
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
