using System.Buffers;
using System.Diagnostics;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.Telemetry;

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
    private SseMetrics? _metrics;
    private long _startTimestamp;
    private int _writersLeft;

    private EncodedBatch(ReadOnlyMemory<byte> bytes, int[] ends, SseEventId[] ids)
    {
        _bytes = bytes;
        _ends = ends;
        _ids = ids;
    }

    public static EncodedBatch KeepAlive { get; } = FromBytes(SseWireFormat.KeepAlive.ToArray());

    public int Length => _bytes.Length;

    public int EventCount => _ids.Length;

    /// <summary>Bytes that carry no event (a comment, the preamble).</summary>
    public static EncodedBatch FromBytes(byte[] bytes) => new(bytes, [], []);

    public static EncodedBatch Encode(IReadOnlyList<NamespaceEvent> events)
    {
        var writer = new ArrayBufferWriter<byte>(128 * events.Count);
        var ends = new int[events.Count];
        var ids = new SseEventId[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            var item = events[i];
            SseWireFormat.WriteEvent(writer, item.Id, item.Name, item.Data);
            ends[i] = writer.WrittenCount;
            ids[i] = item.Id;
        }

        return new EncodedBatch(writer.WrittenMemory, ends, ids);
    }

    /// <summary>Times the batch from now until the last of <paramref name="writers"/> connections has written it.</summary>
    public void TrackDelivery(int writers, SseMetrics metrics)
    {
        _startTimestamp = Stopwatch.GetTimestamp();
        _writersLeft = writers;
        _metrics = metrics;
    }

    /// <summary>A connection has written the batch; the last one records the delivery time (no-op when untracked).</summary>
    public void Written()
    {
        if (_metrics is { } metrics && Interlocked.Decrement(ref _writersLeft) == 0)
        {
            metrics.BatchDelivered(_startTimestamp);
        }
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
