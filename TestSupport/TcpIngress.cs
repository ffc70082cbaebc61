using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace SseOrleans.TestSupport;

/// <summary>
/// A round-robin TCP ingress on loopback, as a load balancer in front of the front-ends is one: each
/// connection goes to the next front-end in turn, and to the one after it when that one refuses the
/// connection (a killed process); bytes are copied both ways until either side closes, then both are
/// closed, so that a client sees its front-end's death as the end of its connection. A front-end that
/// restarts on another port is named again with <see cref="SetBackend"/>. Own code rather than YARP: the
/// tests need only this much, byte for byte, with no HTTP of its own in between.
/// </summary>
public sealed class TcpIngress : IAsyncDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);
    private const int BufferSize = 16 * 1024;
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly IPEndPoint?[] _backends;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _relays = [];
    private readonly Task _accepting;
    private int _next;
    private int _unrouted;

    private TcpIngress(IEnumerable<Uri> backends)
    {
        _backends = backends.Select(EndPointOf).ToArray();
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(1024);
        Address = LoopbackHttp.Address(((IPEndPoint)_listener.LocalEndPoint!).Port);
        _accepting = AcceptAsync();
    }

    /// <summary>Where clients connect: <c>http://127.0.0.1:{port}/</c>.</summary>
    public Uri Address { get; }

    /// <summary>Connections refused by every front-end in turn (closed at once, as a balancer with no backend closes them).</summary>
    public int Unrouted => Volatile.Read(ref _unrouted);

    public static TcpIngress Start(params Uri[] backends) => new(backends);

    /// <summary>Where front-end <paramref name="index"/> now listens (a restarted one on a new port).</summary>
    public void SetBackend(int index, Uri address) => Volatile.Write(ref _backends[index], EndPointOf(address));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accepting;
        Task[] relays;
        lock (_relays)
        {
            relays = [.. _relays];
        }

        await Task.WhenAll(relays);
        _stop.Dispose();
    }

    private static IPEndPoint EndPointOf(Uri address) => new(IPAddress.Parse(address.Host), address.Port);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var relay = RelayAsync(client);
            lock (_relays)
            {
                _relays.RemoveAll(r => r.IsCompleted);
                _relays.Add(relay);
            }
        }
    }

    private async Task RelayAsync(Socket client)
    {
        using (client)
        {
            client.NoDelay = true;
            using var backend = await ConnectAsync();
            if (backend is null)
            {
                Interlocked.Increment(ref _unrouted);
                return;
            }

            using var either = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            var up = CopyAsync(client, backend, either.Token);
            var down = CopyAsync(backend, client, either.Token);
            await Task.WhenAny(up, down);
            await either.CancelAsync();
            await Task.WhenAll(up, down);
        }
    }

    // The next front-end in turn that takes the connection; null when none does.
    private async Task<Socket?> ConnectAsync()
    {
        var first = Interlocked.Increment(ref _next);
        for (var i = 0; i < _backends.Length; i++)
        {
            if (Volatile.Read(ref _backends[(int)((uint)(first + i) % (uint)_backends.Length)]) is not { } endPoint)
            {
                continue;
            }

            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                timeout.CancelAfter(ConnectTimeout);
                await socket.ConnectAsync(endPoint, timeout.Token);
                return socket;
            }
            catch (Exception exception) when (exception is SocketException or OperationCanceledException)
            {
                socket.Dispose();
            }
        }

        return null;
    }

    // Until the source closes or breaks, or the other direction ended; then the destination is shut down.
    private static async Task CopyAsync(Socket from, Socket to, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
                if (read == 0)
                {
                    break;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, cancellationToken);
            }
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // A side died or the other direction ended first: the relay closes both.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
