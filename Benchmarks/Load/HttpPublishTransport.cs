using System.Net;

namespace SseOrleans.Benchmarks.Load;

/// <summary>
/// <c>POST /publish{namespace}</c> over keep-alive connections, at most <c>--concurrency</c> of them to each
/// server; with several servers (<c>--urls</c>) each request goes to the next one in turn.
/// </summary>
internal sealed class HttpPublishTransport : IPublishTransport
{
    private readonly HttpClient _http;

    // [server][leaf]: made once, so a publish allocates no URI.
    private readonly Uri[][] _leafUris;
    private long _requests;

    public HttpPublishTransport(LoadOptions options, NamespaceTree tree)
    {
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
        _leafUris = Array.ConvertAll(options.Urls, url =>
        {
            var uris = new Uri[tree.LeafCount];
            for (var leaf = 0; leaf < uris.Length; leaf++)
            {
                uris[leaf] = new Uri(url, "/publish" + tree.LeafPath(leaf));
            }

            return uris;
        });
    }

    public async Task<string?> SendAsync(int leaf, byte[] payload, int length, CancellationToken stop)
    {
        try
        {
            using var content = new ByteArrayContent(payload, 0, length);
            var server = (int)((Interlocked.Increment(ref _requests) - 1) % _leafUris.Length);
            using var request = new HttpRequestMessage(HttpMethod.Post, _leafUris[server][leaf]) { Content = content };
            using var response = await _http.SendAsync(request, stop);
            return response.StatusCode == HttpStatusCode.Accepted
                ? null
                : $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(stop)}";
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !stop.IsCancellationRequested)
        {
            return exception.Message;
        }
    }

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }
}
