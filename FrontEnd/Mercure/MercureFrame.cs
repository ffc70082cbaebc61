using System.Buffers;
using System.Buffers.Text;
using System.Text;
using SseOrleans.FrontEnd.Wire;

namespace SseOrleans.FrontEnd.Mercure;

/// <summary>
/// An update as <c>text/event-stream</c>: <c>id:</c> its id verbatim, <c>event:</c> its type when it has
/// one, <c>retry:</c> when it is not 0, and its data as <see cref="SseWireFormat.WriteData"/> writes it (each
/// line its own <c>data:</c> line, leading spaces and empty lines kept). Encoded once per update, whatever
/// the number of connections it goes to.
/// </summary>
internal static class MercureFrame
{
    public static void Write(IBufferWriter<byte> writer, MercureUpdate update)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(update);
        Write(writer, "id: "u8);
        Encoding.UTF8.GetBytes(update.Id, writer);
        if (update.Type is { Length: > 0 } type)
        {
            Write(writer, "\nevent: "u8);
            Encoding.UTF8.GetBytes(type, writer);
        }

        if (update.Retry != 0)
        {
            Write(writer, "\nretry: "u8);
            var span = writer.GetSpan(20);
            Utf8Formatter.TryFormat(update.Retry, span, out var written);
            writer.Advance(written);
        }

        SseWireFormat.WriteData(writer, update.Data);
    }

    private static void Write(IBufferWriter<byte> writer, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(writer.GetSpan(bytes.Length));
        writer.Advance(bytes.Length);
    }
}
