using System.Diagnostics;
using System.Net;
using System.Net.ServerSentEvents;
using System.Threading.Channels;

namespace SseOrleans.TestSupport;

/// <summary>
/// A subscriber as a browser would be one: an HTTP GET whose body is parsed with the BCL's
/// <see cref="SseParser"/>, read in the background as events arrive. Once <see cref="OpenAsync"/>
/// returns, the server has subscribed it. Every wait is bounded by <see cref="Timeout"/> and by the
/// caller's token, whichever ends first.
/// </summary>
public sealed class SseClient : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly Channel<(SseItem<string> Item, long Arrived)> _items = Channel.CreateUnbounded<(SseItem<string>, long)>();
    private readonly CancellationTokenSource _stop = new();
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly List<string> _duplicates = [];
    private readonly Task _pump;
    private int _disposed;

    private SseClient(HttpResponseMessage response, Stream body)
    {
        Response = response;
        _pump = PumpAsync(body);
    }

    public HttpResponseMessage Response { get; }

    /// <summary>When the event that a <c>Next…</c> method returned last arrived (<see cref="Stopwatch"/> ticks).</summary>
    public long LastArrival { get; private set; }

    /// <summary>Event ids that arrived more than once on this stream.</summary>
    public IReadOnlyList<string> DuplicateIds
    {
        get
        {
            lock (_duplicates)
            {
                return [.. _duplicates];
            }
        }
    }

    /// <summary>True once the server ended the stream or the connection broke.</summary>
    public bool Ended => _pump.IsCompleted;

    /// <summary>Subscribes (<c>GET <paramref name="path"/></c>) and asserts <c>200</c>.</summary>
    public static async Task<SseClient> OpenAsync(
        HttpClient http, string path, string? lastEventId = null, string? userAgent = null, CancellationToken cancellationToken = default)
    {
        var response = await SendAsync(http, path, lastEventId, userAgent, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var timeout = Within(cancellationToken);
        return new SseClient(response, await response.Content.ReadAsStreamAsync(timeout.Token));
    }

    /// <summary>The subscribe request alone, for tests that look at refusals or at the raw stream.</summary>
    public static async Task<HttpResponseMessage> SendAsync(
        HttpClient http, string path, string? lastEventId = null, string? userAgent = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        if (userAgent is not null)
        {
            request.Headers.UserAgent.ParseAdd(userAgent);
        }

        using var timeout = Within(cancellationToken);
        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
    }

    public async Task<SseItem<string>> NextAsync(CancellationToken cancellationToken = default)
    {
        using var timeout = Within(cancellationToken);
        var (item, arrived) = await _items.Reader.ReadAsync(timeout.Token);
        LastArrival = arrived;
        return item;
    }

    public async Task<List<SseItem<string>>> NextAsync(int count, CancellationToken cancellationToken = default)
    {
        var items = new List<SseItem<string>>(count);
        for (var i = 0; i < count; i++)
        {
            items.Add(await NextAsync(cancellationToken));
        }

        return items;
    }

    /// <summary>The next event that satisfies <paramref name="match"/>, skipping others.</summary>
    public async Task<SseItem<string>> NextMatchingAsync(Func<SseItem<string>, bool> match, CancellationToken cancellationToken = default)
    {
        using var timeout = Within(cancellationToken);
        while (true)
        {
            var (item, arrived) = await _items.Reader.ReadAsync(timeout.Token);
            if (match(item))
            {
                LastArrival = arrived;
                return item;
            }
        }
    }

    /// <summary>
    /// The events still to come until the server ends the stream; throws if it ends with an error
    /// (a reset) rather than a clean end of the response.
    /// </summary>
    public async Task<List<SseItem<string>>> ReadToEndAsync(CancellationToken cancellationToken = default)
    {
        using var timeout = Within(cancellationToken);
        var items = new List<SseItem<string>>();
        await foreach (var (item, _) in _items.Reader.ReadAllAsync(timeout.Token))
        {
            items.Add(item);
        }

        return items;
    }

    /// <summary>An event that has already arrived, without waiting.</summary>
    public bool TryTakeAny(out SseItem<string> item)
    {
        var taken = _items.Reader.TryRead(out var next);
        item = next.Item;
        return taken;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync();
        Response.Dispose();
        await _pump;
        _stop.Dispose();
    }

    private static CancellationTokenSource Within(CancellationToken cancellationToken)
    {
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        return timeout;
    }

    private async Task PumpAsync(Stream body)
    {
        try
        {
            await foreach (var item in SseParser.Create(body).EnumerateAsync(_stop.Token))
            {
                if (item.EventId is { } id && !_ids.Add(id))
                {
                    lock (_duplicates)
                    {
                        _duplicates.Add(id);
                    }
                }

                _items.Writer.TryWrite((item, Stopwatch.GetTimestamp()));
            }

            _items.Writer.TryComplete();
        }
        catch (Exception exception)
        {
            _items.Writer.TryComplete(exception);
        }
        finally
        {
            await body.DisposeAsync();
        }
    }
}
