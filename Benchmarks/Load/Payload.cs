using System.Buffers.Text;

namespace SseOrleans.Benchmarks.Load;

/// <summary>
/// An event's data: <c>"{sequence} {Stopwatch timestamp} "</c> padded with <c>x</c> to the requested
/// size. Publisher and subscribers run on one machine, so the subscriber's Stopwatch reading minus
/// the one in the payload is the delivery latency.
/// </summary>
internal static class Payload
{
    public const int MaxPrefix = 42;

    /// <summary>Writes the payload into <paramref name="buffer"/>; returns its length (at least the prefix).</summary>
    public static int Write(Span<byte> buffer, long sequence, long timestamp, int size)
    {
        Utf8Formatter.TryFormat(sequence, buffer, out var length);
        buffer[length++] = (byte)' ';
        Utf8Formatter.TryFormat(timestamp, buffer[length..], out var written);
        length += written;
        buffer[length++] = (byte)' ';
        if (size > length)
        {
            buffer[length..size].Fill((byte)'x');
            length = size;
        }

        return length;
    }
}
