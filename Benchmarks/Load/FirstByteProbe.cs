using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SseOrleans.Benchmarks.Load;

/// <summary>
/// Subscribes once, on a connection of its own, and measures the time from the start of the connect to the
/// first byte of the answer (what a browser's <c>onopen</c> waits for), then closes the connection.
/// </summary>
internal static class FirstByteProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static async Task<TimeSpan> MeasureAsync(IPEndPoint server, string path, CancellationToken stop)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
        timeout.CancelAfter(Timeout);
        var request = Encoding.ASCII.GetBytes(
            $"GET /subscribe{path} HTTP/1.1\r\nHost: {server}\r\nAccept: text/event-stream\r\nUser-Agent: SseOrleans.Benchmarks\r\n\r\n");
        var buffer = new byte[1024];
        using var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var started = Stopwatch.GetTimestamp();
        await socket.ConnectAsync(server, timeout.Token);
        await socket.SendAsync(request, SocketFlags.None, timeout.Token);
        var read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        var elapsed = Stopwatch.GetElapsedTime(started);
        return read > 0 ? elapsed : throw new IOException($"{path}: the server closed the connection before answering");
    }
}
