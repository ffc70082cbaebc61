using System.Net.ServerSentEvents;
using System.Threading.Channels;

namespace SseOrleans.AppHost.Tests;

/// <summary>
/// One subscription, read as a browser would (the BCL's <see cref="SseParser"/>): the events arrive in
/// <see cref="NextAsync"/> until the stream is disposed.
/// </summary>
internal sealed class SseStream : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly Channel<SseItem<string>> _items = Channel.CreateUnbounded<SseItem<string>>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;

    private SseStream(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _pump = PumpAsync(body);
    }

    /// <summary>Subscribes to <paramref name="path"/>; returns once the front-end answered with the stream's headers.</summary>
    public static async Task<SseStream> OpenAsync(HttpClient http, string path, CancellationToken cancellationToken)
    {
        var response = await http.GetAsync(new Uri(path, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        try
        {
            response.EnsureSuccessStatusCode();
            return new SseStream(response, await response.Content.ReadAsStreamAsync(cancellationToken));
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>The next event that satisfies <paramref name="match"/>; earlier ones are skipped.</summary>
    public async Task<SseItem<string>> NextAsync(Func<SseItem<string>, bool> match, CancellationToken cancellationToken)
    {
        while (true)
        {
            var item = await _items.Reader.ReadAsync(cancellationToken);
            if (match(item))
            {
                return item;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _response.Dispose();
        await _pump.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task PumpAsync(Stream body)
    {
        try
        {
            await foreach (var item in SseParser.Create(body).EnumerateAsync(_stop.Token))
            {
                _items.Writer.TryWrite(item);
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
