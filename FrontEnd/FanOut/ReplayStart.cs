using System.Buffers;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.Wire;

namespace SseOrleans.FrontEnd.FanOut;

/// <summary>
/// The first bytes of a stream: the <c>retry:</c> preamble and, for a client that sends a
/// Last-Event-ID, the events it missed, preceded by a comment that says whether that is all of them.
/// Fetched after the connection has joined its feed, so live events queue meanwhile; the returned
/// cursor lets the connection skip the ones the replay already covered.
/// </summary>
internal static class ReplayStart
{
    public static async Task<(ReadOnlyMemory<byte> First, SseEventId? Cursor, int Replayed)> BuildAsync(
        IGrainFactory grains, string path, string? lastEventId, TimeSpan retry)
    {
        var writer = new ArrayBufferWriter<byte>();
        writer.Write(SseWireFormat.Preamble(retry));
        if (lastEventId is null)
        {
            return (writer.WrittenMemory, null, 0);
        }

        var known = SseEventId.TryParse(lastEventId, out var after);
        var replay = await grains.GetGrain<INamespaceGrain>(path).GetEventsAfter(known ? after : default, int.MaxValue);
        var count = replay.Events.Length;
        SseWireFormat.WriteComment(writer, replay.Completeness switch
        {
            ReplayCompleteness.Complete => $"replaying {count} events after {after}",
            ReplayCompleteness.Truncated => $"replay truncated: events after {after} are no longer all retained; replaying the {count} retained",
            // Echo only an id of ours: anything else could inject lines into the stream.
            _ => $"replay: {(known ? after.ToString() : "the Last-Event-ID")} is not in the current history of {path}; replaying the {count} retained",
        });
        if (count > 0)
        {
            writer.Write(EncodedBatch.Encode(replay.Events).After(null, out _).Span);
        }

        SseEventId? cursor = count > 0 ? replay.Events[^1].Id
            : replay.Completeness == ReplayCompleteness.Complete ? after
            : null;
        return (writer.WrittenMemory, cursor, count);
    }
}
