using System.Buffers;
using SseOrleans.Abstractions;

namespace SseOrleans.FrontEnd.Mercure;

/// <summary>
/// The Mercure frames of one feed's current batch, encoded on first use and shared by every group reading that
/// feed: an update is encoded once per front-end, however many groups (and connections) it reaches. Used on
/// the feed's delivery path only (one batch at a time), so it needs no lock; a new batch replaces the last.
/// </summary>
internal sealed class MercureFeedFrames
{
    private NamespaceEvent[]? _events;
    private byte[]?[] _frames = [];

    public ReadOnlySpan<byte> Get(NamespaceEvent[] events, int index)
    {
        if (!ReferenceEquals(events, _events))
        {
            _events = events;
            _frames = new byte[events.Length][];
        }

        return _frames[index] ??= Encode(events[index]);
    }

    public static byte[] Encode(NamespaceEvent stored)
    {
        var writer = new ArrayBufferWriter<byte>(128 + (stored.Data.Length * 2));
        MercureFrame.Write(writer, stored);
        return writer.WrittenSpan.ToArray();
    }
}
