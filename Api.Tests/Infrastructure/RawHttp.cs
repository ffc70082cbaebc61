using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SseOrleans.Api.Tests.Infrastructure;

/// <summary>
/// HTTP/1.1 written by hand on a socket, for requests that <see cref="HttpClient"/> would change before
/// sending (it resolves dot segments and unescapes <c>%2E</c>) or refuse to send (a broken chunk size).
/// </summary>
internal static class RawHttp
{
    /// <summary>Sends <paramref name="method"/> <paramref name="target"/> and reads the answer to its end (the request asks to close).</summary>
    public static Task<RawResponse> SendAsync(Uri baseAddress, string method, string target, string? body = null)
    {
        var request = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{method} {target} HTTP/1.1\r\nHost: {baseAddress.Authority}\r\nConnection: close\r\n");
        if (body is not null)
        {
            request.Append(CultureInfo.InvariantCulture, $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n");
        }

        request.Append("\r\n").Append(body);
        return SendAsync(baseAddress, Encoding.UTF8.GetBytes(request.ToString()), headOnly: false);
    }

    /// <summary>Opens a stream from <paramref name="sourceAddress"/>, reads the answer's head, and closes the connection at once.</summary>
    public static Task<RawResponse> OpenAndCloseAsync(Uri baseAddress, string target, string sourceAddress) =>
        SendAsync(
            baseAddress,
            Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: {baseAddress.Authority}\r\nAccept: text/event-stream\r\n\r\n"),
            headOnly: true,
            sourceAddress);

    /// <summary>
    /// Sends <paramref name="request"/> as it is and reads the answer: its head only when
    /// <paramref name="headOnly"/> (a stream that would never end), else up to the server's close.
    /// </summary>
    public static async Task<RawResponse> SendAsync(Uri baseAddress, byte[] request, bool headOnly, string? sourceAddress = null)
    {
        using var timeout = new CancellationTokenSource(TestSupport.SseClient.Timeout);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        if (sourceAddress is not null)
        {
            socket.Bind(new IPEndPoint(IPAddress.Parse(sourceAddress), 0));
        }

        await socket.ConnectAsync(IPAddress.Loopback, baseAddress.Port, timeout.Token);
        await socket.SendAsync(request, timeout.Token);

        var received = new MemoryStream();
        var buffer = new byte[8192];
        while (!(headOnly && HeadLength(received) > 0))
        {
            var read = await socket.ReceiveAsync(buffer, timeout.Token);
            if (read == 0)
            {
                break;
            }

            received.Write(buffer, 0, read);
        }

        return RawResponse.Parse(received.ToArray());
    }

    private static int HeadLength(MemoryStream received)
    {
        var end = Encoding.ASCII.GetString(received.GetBuffer(), 0, (int)received.Length).IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return end < 0 ? 0 : end + 4;
    }
}

/// <summary>A response read by <see cref="RawHttp"/>: status, header lines, and the body with any chunked framing removed.</summary>
internal sealed record RawResponse(int Status, IReadOnlyList<string> Headers, string Body)
{
    public string? Header(string name)
    {
        var prefix = name + ":";
        var line = Headers.FirstOrDefault(h => h.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
        return line?[prefix.Length..].Trim();
    }

    public static RawResponse Parse(byte[] bytes)
    {
        var text = Encoding.ASCII.GetString(bytes);
        var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(headEnd > 0, $"no complete response head in: {text}");
        var lines = text[..headEnd].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var body = bytes.AsSpan(headEnd + 4);
        var chunked = lines.Any(line => line.Equals("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase));
        return new RawResponse(status, lines[1..], Encoding.UTF8.GetString(chunked ? Unchunk(body) : body));
    }

    private static byte[] Unchunk(ReadOnlySpan<byte> body)
    {
        var data = new MemoryStream();
        while (!body.IsEmpty)
        {
            var lineEnd = body.IndexOf("\r\n"u8);
            var size = int.Parse(Encoding.ASCII.GetString(body[..lineEnd]), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                break;
            }

            data.Write(body.Slice(lineEnd + 2, size));
            body = body[(lineEnd + 2 + size + 2)..];
        }

        return data.ToArray();
    }
}
