using System.Buffers;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.FanOut;
using SseOrleans.FrontEnd.Wire;

namespace SseOrleans.FrontEnd.Mercure;

/// <summary>
/// The Mercure connections of one front-end that read one feed with equal <see cref="SubscriberFilter"/>s: each
/// batch is decided once for all of them (an update is in when its filter admits it) and written as the same
/// bytes, the updates' frames (<see cref="MercureFeedFrames"/>) one after the other. Plain events and ones the
/// filter refuses are left out; the batch keeps the feed's ids, so replay and live delivery meet as on
/// <c>/subscribe</c>.
/// </summary>
internal sealed class MercureGroup(string feed, SubscriberFilter filter, MercureFeedFrames frames) : IFeedView
{
    private EncodedBatch? _lastIn;
    private EncodedBatch? _lastOut;

    public string Feed => feed;

    public SubscriberFilter Filter => filter;

    public EncodedBatch? Select(NamespaceEvent[] events, EncodedBatch encoded)
    {
        if (!ReferenceEquals(encoded, _lastIn))
        {
            _lastOut = Encode(events, frames.Get);
            _lastIn = encoded;
        }

        return _lastOut;
    }

    /// <summary>A page of history as this group's connections see it (not shared: replays read their own pages).</summary>
    public EncodedBatch? Encode(NamespaceEvent[] events) => Encode(events, static (page, index) => MercureFeedFrames.Encode(page[index]));

    private EncodedBatch? Encode(NamespaceEvent[] events, FrameSource frame)
    {
        ArrayBufferWriter<byte>? writer = null;
        List<int>? ends = null;
        List<SseEventId>? ids = null;
        for (var i = 0; i < events.Length; i++)
        {
            if (events[i].Mercure is { } mercure && filter.Admits(mercure.Topics, mercure.Private))
            {
                writer ??= new ArrayBufferWriter<byte>();
                writer.Write(frame(events, i));
                (ends ??= []).Add(writer.WrittenCount);
                (ids ??= []).Add(events[i].Id);
            }
        }

        return writer is null ? null : EncodedBatch.FromEvents(writer.WrittenMemory, [.. ends!], [.. ids!]);
    }

    private delegate ReadOnlySpan<byte> FrameSource(NamespaceEvent[] events, int index);
}
