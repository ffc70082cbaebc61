using System.Diagnostics;
using System.Net.ServerSentEvents;
using System.Threading.Channels;

namespace SseOrleans.Cluster.Tests;

/// <summary>An open <c>GET /subscribe/...</c> stream whose events the test reads as they arrive.</summary>
internal sealed class SseSubscription : IAsyncDisposable
{
    private readonly Channel<(SseItem<string> Item, long Arrived)> _items = Channel.CreateUnbounded<(SseItem<string>, long)>();
    private readonly CancellationTokenSource _stop = new();
    private readonly HttpResponseMessage _response;
    private readonly Task _reading;
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly List<string> _duplicates = [];
    private int _disposed;

    private SseSubscription(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _reading = ReadAsync(body);
    }

    /// <summary>When the event that <see cref="NextAsync(Func{string, bool}, CancellationToken)"/> returned last arrived (<see cref="Stopwatch"/> ticks).</summary>
    public long LastArrival { get; private set; }

    /// <summary>Event ids that arrived more than once.</summary>
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

    /// <summary>True once the server ended the stream (or the connection broke).</summary>
    public bool Ended => _reading.IsCompleted;

    /// <summary>Subscribes and returns once the response headers arrived: from then on every event is delivered.</summary>
    public static async Task<SseSubscription> OpenAsync(HttpClient api, string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("subscribe" + path, UriKind.Relative));
        var response = await api.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        return new SseSubscription(response, await response.Content.ReadAsStreamAsync(cancellationToken));
    }

    /// <summary>The next event whose data satisfies <paramref name="match"/>, skipping others.</summary>
    public async Task<SseItem<string>> NextAsync(Func<string, bool> match, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (item, arrived) = await _items.Reader.ReadAsync(cancellationToken);
            if (match(item.Data))
            {
                LastArrival = arrived;
                return item;
            }
        }
    }

    public Task<SseItem<string>> NextAsync(string data, CancellationToken cancellationToken) =>
        NextAsync(d => d == data, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync();
        await _reading.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _response.Dispose();
        _stop.Dispose();
    }

    private async Task ReadAsync(Stream body)
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
        }
        finally
        {
            _items.Writer.TryComplete();
            await body.DisposeAsync();
        }
    }
}
