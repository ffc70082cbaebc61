using System.Buffers;
using SseOrleans.Abstractions;

namespace SseOrleans.FrontEnd.Wire;

/// <summary>
/// Events encoded once, to be written as the same bytes to every connection of a namespace. It keeps
/// each event's id and end offset so a connection that has just replayed history can skip what it
/// already sent.
/// </summary>
internal sealed class EncodedBatch
{
    private readonly ReadOnlyMemory<byte> _bytes;
    private readonly int[] _ends;
    private readonly SseEventId[] _ids;

    private EncodedBatch(ReadOnlyMemory<byte> bytes, int[] ends, SseEventId[] ids)
    {
        _bytes = bytes;
        _ends = ends;
        _ids = ids;
    }

    public static EncodedBatch KeepAlive { get; } = FromBytes(SseWireFormat.KeepAlive.ToArray());

    public int Length => _bytes.Length;

    public int EventCount => _ids.Length;

    /// <summary>The id of the batch's last event, if it has any.</summary>
    public SseEventId? LastId => _ids.Length == 0 ? null : _ids[^1];

    /// <summary>All of the batch's bytes.</summary>
    public ReadOnlyMemory<byte> Bytes => _bytes;

    /// <summary>Bytes that carry no event (a comment, the preamble).</summary>
    public static EncodedBatch FromBytes(byte[] bytes) => new(bytes, [], []);

    /// <summary>Events encoded elsewhere: <paramref name="bytes"/> holds them in order, each ending at its <paramref name="ends"/> offset.</summary>
    public static EncodedBatch FromEvents(ReadOnlyMemory<byte> bytes, int[] ends, SseEventId[] ids) => new(bytes, ends, ids);

    /// <summary>
    /// Encodes <paramref name="events"/> as <c>/subscribe</c> writes them, behind <paramref name="comment"/> when one
    /// is given. A private Mercure update is left out: <c>/subscribe</c> has no per-event grants, so only the hub,
    /// which checks them, delivers it (live, and on replay, whose pages are encoded here too). The comment is
    /// part of the first event's bytes, so a connection that skips that event (its replay sent it) skips the
    /// comment about it too.
    /// </summary>
    public static EncodedBatch Encode(IReadOnlyList<NamespaceEvent> events, string? comment = null)
    {
        var writer = new ArrayBufferWriter<byte>(128 * Math.Max(1, events.Count));
        if (comment is not null)
        {
            SseWireFormat.WriteComment(writer, comment);
        }

        var written = 0;
        for (var i = 0; i < events.Count; i++)
        {
            written += events[i].IsPrivate ? 0 : 1;
        }

        var ends = new int[written];
        var ids = new SseEventId[written];
        var at = 0;
        for (var i = 0; i < events.Count; i++)
        {
            var item = events[i];
            if (item.IsPrivate)
            {
                continue;
            }

            SseWireFormat.WriteEvent(writer, item.Id, item.Name, item.Data);
            ends[at] = writer.WrittenCount;
            ids[at++] = item.Id;
        }

        return new EncodedBatch(writer.WrittenMemory, ends, ids);
    }

    /// <summary>
    /// The bytes of the events that come after <paramref name="cursor"/> in its epoch (all of them when
    /// the batch is of another epoch), and how many events that is.
    /// </summary>
    public ReadOnlyMemory<byte> After(SseEventId? cursor, out int events)
    {
        var skip = 0;
        if (cursor is { } last)
        {
            while (skip < _ids.Length && _ids[skip].Epoch == last.Epoch && _ids[skip].Sequence <= last.Sequence)
            {
                skip++;
            }
        }

        events = _ids.Length - skip;
        var start = skip == 0 ? 0 : _ends[skip - 1];
        return _bytes[start..];
    }
}
