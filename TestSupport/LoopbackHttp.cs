using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace SseOrleans.TestSupport;

/// <summary>HTTP clients for servers the tests run on 127.0.0.1.</summary>
public static class LoopbackHttp
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary><c>http://127.0.0.1:{port}/</c>.</summary>
    public static Uri Address(int port) => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/"));

    public static HttpClient Client(Uri baseAddress) => new() { BaseAddress = baseAddress, Timeout = RequestTimeout };

    /// <summary>A client whose connections come from <paramref name="sourceAddress"/> (any 127.0.0.x), to act as different clients.</summary>
    public static HttpClient From(string sourceAddress, Uri baseAddress)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Parse(sourceAddress), 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = baseAddress, Timeout = RequestTimeout };
    }
}
