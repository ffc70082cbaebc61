using System.Net;

namespace SseOrleans.Benchmarks.Load;

/// <summary><c>POST /publish{namespace}</c> over keep-alive connections, at most <c>--concurrency</c> of them.</summary>
internal sealed class HttpPublishTransport : IPublishTransport
{
    private readonly HttpClient _http;
    private readonly Uri[] _leafUris;

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
        _leafUris = new Uri[tree.LeafCount];
        for (var leaf = 0; leaf < _leafUris.Length; leaf++)
        {
            _leafUris[leaf] = new Uri(options.Url, "/publish" + tree.LeafPath(leaf));
        }
    }

    public async Task<string?> SendAsync(int leaf, byte[] payload, int length, CancellationToken stop)
    {
        try
        {
            using var content = new ByteArrayContent(payload, 0, length);
            using var request = new HttpRequestMessage(HttpMethod.Post, _leafUris[leaf]) { Content = content };
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
