using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;
using SseOrleans.Abstractions;

namespace SseOrleans.FrontEnd.Wire;

/// <summary>
/// The text/event-stream encoding. Every payload line becomes its own <c>data:</c> line (CR LF, CR
/// and LF all end a line) and every field value follows <c>": "</c>, so a client's parser, which
/// drops exactly one leading space, gets the published text back exactly, with <c>\n</c> line breaks.
/// </summary>
internal static class SseWireFormat
{
    public static ReadOnlySpan<byte> KeepAlive => ":keepalive\n\n"u8;

    public static byte[] Preamble(TimeSpan retry) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"retry: {(long)retry.TotalMilliseconds}\n\n"));

    /// <summary>A comment line, e.g. to tell a client something about its stream; it must be one line.</summary>
    public static void WriteComment(IBufferWriter<byte> writer, string text)
    {
        Write(writer, ": "u8);
        Encoding.UTF8.GetBytes(text, writer);
        Write(writer, "\n\n"u8);
    }

    public static void WriteEvent(IBufferWriter<byte> writer, SseEventId id, string? name, string data)
    {
        Write(writer, "id: "u8);
        WriteNumber(writer, id.Epoch);
        Write(writer, "-"u8);
        WriteNumber(writer, id.Sequence);
        if (!string.IsNullOrEmpty(name))
        {
            Write(writer, "\nevent: "u8);
            Encoding.UTF8.GetBytes(name, writer);
        }

        WriteData(writer, data);
    }

    /// <summary>
    /// The rest of an event whose first field line was written without its line end: one <c>data:</c> line
    /// per line of <paramref name="data"/> (at least one), then the blank line that ends the event.
    /// </summary>
    public static void WriteData(IBufferWriter<byte> writer, string data)
    {
        var rest = data.AsSpan();
        while (true)
        {
            Write(writer, "\ndata: "u8);
            var end = rest.IndexOfAny('\r', '\n');
            if (end < 0)
            {
                Encoding.UTF8.GetBytes(rest, writer);
                break;
            }

            Encoding.UTF8.GetBytes(rest[..end], writer);
            var next = rest[end] == '\r' && end + 1 < rest.Length && rest[end + 1] == '\n' ? end + 2 : end + 1;
            rest = rest[next..];
        }

        Write(writer, "\n\n"u8);
    }

    private static void WriteNumber(IBufferWriter<byte> writer, long value)
    {
        var span = writer.GetSpan(20);
        Utf8Formatter.TryFormat(value, span, out var written);
        writer.Advance(written);
    }

    private static void Write(IBufferWriter<byte> writer, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(writer.GetSpan(bytes.Length));
        writer.Advance(bytes.Length);
    }
}
