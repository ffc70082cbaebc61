using System.Net.ServerSentEvents;
using System.Text;
using System.Threading.Channels;

namespace SseOrleans.Api.Tests.Infrastructure;

/// <summary>
/// A subscriber as a browser would be one: an HTTP GET whose body is parsed with the BCL's
/// <see cref="SseParser"/>. Once <see cref="OpenAsync"/> returns, the server has subscribed it.
/// </summary>
public sealed class SseClient : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly Channel<SseItem<string>> _items = Channel.CreateUnbounded<SseItem<string>>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;
    private int _disposed;

    private SseClient(HttpResponseMessage response, Stream body)
    {
        Response = response;
        _pump = PumpAsync(body);
    }

    public HttpResponseMessage Response { get; }

    /// <summary>
    /// The events still to come until the server ends the stream; throws if it ends with an error
    /// (a reset) rather than a clean end of the response.
    /// </summary>
    public async Task<List<SseItem<string>>> ReadToEndAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var items = new List<SseItem<string>>();
        await foreach (var item in _items.Reader.ReadAllAsync(timeout.Token))
        {
            items.Add(item);
        }

        return items;
    }

    public static async Task<SseClient> OpenAsync(HttpClient http, string path, string? lastEventId = null, string? userAgent = null)
    {
        var response = await SendAsync(http, path, lastEventId, userAgent);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        using var timeout = new CancellationTokenSource(Timeout);
        return new SseClient(response, await response.Content.ReadAsStreamAsync(timeout.Token));
    }

    /// <summary>The subscribe request alone, for tests that look at refusals or at the raw stream.</summary>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient http, string path, string? lastEventId = null, string? userAgent = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        if (userAgent is not null)
        {
            request.Headers.UserAgent.ParseAdd(userAgent);
        }

        using var timeout = new CancellationTokenSource(Timeout);
        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
    }

    public async Task<SseItem<string>> NextAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        return await _items.Reader.ReadAsync(timeout.Token);
    }

    public async Task<List<SseItem<string>>> NextAsync(int count)
    {
        var items = new List<SseItem<string>>(count);
        for (var i = 0; i < count; i++)
        {
            items.Add(await NextAsync());
        }

        return items;
    }

    public bool TryTakeAny(out SseItem<string> item) => _items.Reader.TryRead(out item);

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

    private async Task PumpAsync(Stream body)
    {
        try
        {
            await foreach (var item in SseParser.Create(body, (type, data) => Encoding.UTF8.GetString(data)).EnumerateAsync(_stop.Token))
            {
                _items.Writer.TryWrite(item);
            }

            _items.Writer.TryComplete();
        }
        catch (Exception exception)
        {
            _items.Writer.TryComplete(exception);
        }
    }
}
