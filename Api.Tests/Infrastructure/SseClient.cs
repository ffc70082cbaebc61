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

    private SseClient(HttpResponseMessage response, Stream body)
    {
        Response = response;
        _pump = PumpAsync(body);
    }

    public HttpResponseMessage Response { get; }

    /// <summary>The stream ended or failed (the server closed it, or cut it off).</summary>
    public Task Completion => _items.Reader.Completion;

    public static async Task<SseClient> OpenAsync(HttpClient http, string path, string? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        using var timeout = new CancellationTokenSource(Timeout);
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return new SseClient(response, await response.Content.ReadAsStreamAsync(timeout.Token));
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
