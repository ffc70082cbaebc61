using Orleans.Providers.Streams.Common;
using Orleans.Streams;
using SseOrleans.Abstractions;

namespace SseOrleans.Api.Tests.FanOut;

/// <summary>What a pulling agent hands a feed: the stream items of one delivery.</summary>
internal static class StreamDeliveries
{
    private static readonly StreamSequenceToken Token = new EventSequenceTokenV2(0);

    /// <summary>One delivery of one item per batch of <paramref name="batches"/>, in order.</summary>
    public static Task DeliverAsync(this IAsyncBatchObserver<EventBatch> stream, params NamespaceEvent[][] batches) =>
        stream.OnNextAsync([.. batches.Select(events => new SequentialItem<EventBatch>(new EventBatch(events), Token))]);
}
