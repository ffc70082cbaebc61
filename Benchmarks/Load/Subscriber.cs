using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SseOrleans.Benchmarks.Load;

/// <summary>
/// One SSE subscriber on a raw socket: binds a loopback source address (so many connections do not
/// share one address's ephemeral ports), sends the GET, then one receive loop with one reusable
/// buffer feeds the decoder. A stream the server ends is reopened (counted as a disconnect) until
/// the run stops.
/// </summary>
internal sealed class Subscriber(IPEndPoint server, IPAddress source, string path, int bufferSize, SseResponseDecoder decoder)
{
    // IP_BIND_ADDRESS_NO_PORT: bind the source address now, pick the port at connect time.
    private const int SolIp = 0;
    private const int IpBindAddressNoPort = 24;

    private readonly TaskCompletionSource<bool> _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Made with the subscriber, before any connect: a connect storm then allocates nothing per connection.
    private readonly byte[] _request = Encoding.ASCII.GetBytes(
        $"GET /subscribe{Uri.EscapeDataString(path).Replace("%2F", "/", StringComparison.Ordinal)} HTTP/1.1\r\nHost: {server}\r\nAccept: text/event-stream\r\nUser-Agent: SseOrleans.Benchmarks\r\n\r\n");
    private readonly byte[] _buffer = new byte[bufferSize];
    private int _disconnects;

    public SseResponseDecoder Decoder => decoder;

    /// <summary>True once the first stream has sent its <c>retry:</c> line; false if it could not be opened.</summary>
    public Task<bool> Opened => _opened.Task;

    /// <summary>Stopwatch ticks from the start of the first connect to its <c>retry:</c> line.</summary>
    public long ConnectTicks { get; private set; } = -1;

    /// <summary>The Stopwatch timestamp at which the first connect started; 0 before.</summary>
    public long ConnectStartedTimestamp { get; private set; }

    /// <summary>The Stopwatch timestamp of the read that brought the first stream's <c>retry:</c> line; 0 before.</summary>
    public long OpenedTimestamp { get; private set; }

    public string? Failure { get; private set; }

    public int Disconnects => Volatile.Read(ref _disconnects);

    public async Task RunAsync(CancellationToken stop)
    {
        var first = true;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await StreamAsync(_request, _buffer, first, stop);
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                // Stopping disposes the socket under a pending receive.
                break;
            }
            catch (SocketException exception)
            {
                Failure ??= exception.SocketErrorCode.ToString();
            }
            catch (Exception exception) when (exception is IOException or ObjectDisposedException)
            {
                Failure ??= exception.Message;
            }

            if (first && !_opened.Task.IsCompleted)
            {
                // The first attempt failed: report it, the pool decides; no retry storm at connect time.
                _opened.TrySetResult(false);
                return;
            }

            first = false;
            if (!stop.IsCancellationRequested)
            {
                Interlocked.Increment(ref _disconnects);
                try
                {
                    await Task.Delay(200, stop);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        _opened.TrySetResult(false);
    }

    private async Task StreamAsync(byte[] request, byte[] buffer, bool first, CancellationToken stop)
    {
        // No TCP_NODELAY: the one request goes out in one segment on a fresh connection, which Nagle does
        // not hold back, and one syscall fewer per connect counts in a connect storm.
        using var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (server.AddressFamily == AddressFamily.InterNetwork)
        {
            socket.SetRawSocketOption(SolIp, IpBindAddressNoPort, BitConverter.GetBytes(1));
            socket.Bind(new IPEndPoint(source, 0));
        }

        // One registration per stream instead of one per receive: stopping closes the socket.
        using var closeOnStop = stop.Register(static state => ((Socket)state!).Dispose(), socket);
        var started = Stopwatch.GetTimestamp();
        if (first)
        {
            ConnectStartedTimestamp = started;
        }

        await socket.ConnectAsync(server, stop);
        await socket.SendAsync(request, SocketFlags.None, stop);
        decoder.Restart();
        while (true)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, CancellationToken.None);
            if (read == 0)
            {
                return;
            }

            var more = decoder.Feed(buffer.AsSpan(0, read), Stopwatch.GetTimestamp());
            if (first && decoder.RetryTimestamp != 0 && !_opened.Task.IsCompleted)
            {
                ConnectTicks = decoder.RetryTimestamp - started;
                OpenedTimestamp = decoder.RetryTimestamp;
                _opened.TrySetResult(true);
            }

            if (!more)
            {
                Failure ??= decoder.Failure;
                return;
            }
        }
    }
}
