using Orleans.Providers.Streams.Common;
using Orleans.Streams;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.FanOut;

namespace SseOrleans.Api.Tests.FanOut;

public sealed class StreamItemRunsTests
{
    private static readonly StreamSequenceToken Token = new EventSequenceTokenV2(0);

    [Fact]
    public void Items_whose_events_follow_one_another_become_one_batch_in_order()
    {
        var runs = StreamItemRuns.Join(Items([1, 2], [3], [4, 5]), pageChars: 1000);

        var run = Assert.Single(runs);
        Assert.Equal([1L, 2, 3, 4, 5], run.Select(e => e.Id.Sequence));
    }

    [Fact]
    public void An_item_that_does_not_follow_starts_a_new_batch()
    {
        var runs = StreamItemRuns.Join(Items([1, 2], [4], [5]), pageChars: 1000);

        Assert.Equal([[1L, 2], [4, 5]], runs.Select(run => run.Select(e => e.Id.Sequence).ToArray()));
    }

    [Fact]
    public void The_first_event_of_another_epoch_does_not_follow()
    {
        var items = new[]
        {
            Item(new NamespaceEvent(new SseEventId(7, 1), null, "a", "/n")),
            Item(new NamespaceEvent(new SseEventId(8, 2), null, "b", "/n")),
        };

        Assert.Equal(2, StreamItemRuns.Join(items, pageChars: 1000).Count);
    }

    [Fact]
    public void A_batch_holds_at_most_a_page_of_data_but_an_item_larger_than_a_page_stays_whole()
    {
        var runs = StreamItemRuns.Join(Items([1, 2], [3, 4], [5]), pageChars: 4); // one char of data per event

        Assert.Equal([[1L, 2, 3, 4], [5]], runs.Select(run => run.Select(e => e.Id.Sequence).ToArray()));
        Assert.Single(StreamItemRuns.Join(Items([1, 2, 3]), pageChars: 1));
    }

    [Fact]
    public void Empty_items_are_left_out()
    {
        var runs = StreamItemRuns.Join([Item(), .. Items([1]), Item()], pageChars: 1000);

        Assert.Equal([1L], Assert.Single(runs).Select(e => e.Id.Sequence));
    }

    private static SequentialItem<EventBatch>[] Items(params long[][] sequences) =>
        [.. sequences.Select(batch => Item([.. batch.Select(sequence => new NamespaceEvent(new SseEventId(7, sequence), null, "x", "/n"))]))];

    private static SequentialItem<EventBatch> Item(params NamespaceEvent[] events) => new(new EventBatch(events), Token);
}
