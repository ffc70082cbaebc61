using System.Buffers;
using System.Buffers.Text;
using System.Text;
using SseOrleans.Abstractions;
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
        ArgumentNullException.ThrowIfNull(update);
        Write(writer, update.Id, update.Type, update.Retry, update.Data);
    }

    /// <summary>A stored update (an event with <see cref="NamespaceEvent.Mercure"/> fields), as the hub delivers it.</summary>
    public static void Write(IBufferWriter<byte> writer, NamespaceEvent stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var mercure = stored.Mercure ?? throw new ArgumentException("The event is not a Mercure update.", nameof(stored));
        Write(writer, mercure.Id, stored.Name, mercure.Retry, stored.Data);
    }

    private static void Write(IBufferWriter<byte> writer, string id, string? type, ulong retry, string data)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Write(writer, "id: "u8);
        Encoding.UTF8.GetBytes(id, writer);
        if (type is { Length: > 0 })
        {
            Write(writer, "\nevent: "u8);
            Encoding.UTF8.GetBytes(type, writer);
        }

        if (retry != 0)
        {
            Write(writer, "\nretry: "u8);
            var span = writer.GetSpan(20);
            Utf8Formatter.TryFormat(retry, span, out var written);
            writer.Advance(written);
        }

        SseWireFormat.WriteData(writer, data);
    }

    private static void Write(IBufferWriter<byte> writer, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(writer.GetSpan(bytes.Length));
        writer.Advance(bytes.Length);
    }
}
