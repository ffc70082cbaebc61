using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.FanOut;
using SseOrleans.FrontEnd.Telemetry;

namespace SseOrleans.Api.Tests.FanOut;

/// <summary>
/// The ordering of one namespace's events on its own: batches and history pages in, what it delivers (and
/// with which comment) out, no stream, no grain, no task. Events are named by their sequence: <c>e3</c> is
/// the third event of its epoch, and the delivery records events by that name.
/// </summary>
public sealed class FeedOrderTests : IDisposable
{
    private const string Path = "/pets";
    private const long Epoch = 1_700_000_000_000;
    private const int PageChars = 100;
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().AddSingleton<SseCounters>().AddSingleton<SseMetrics>().BuildServiceProvider();
    private readonly RecordingDelivery _delivered = new();
    private readonly FeedOrder _order;

    public FeedOrderTests()
    {
        _order = new FeedOrder(Path, _delivered, PageChars, _services.GetRequiredService<SseMetrics>(), NullLogger.Instance);
        _order.Begin(new SseEventId(Epoch, 1)); // the namespace had e1 when the feed began
    }

    public void Dispose() => _services.Dispose();

    [Fact]
    public void A_batch_that_follows_the_last_delivered_event_is_delivered_at_once_without_a_comment()
    {
        Assert.False(_order.Offer(Events(2, 3)));
        Assert.False(_order.Offer(Events(4)));

        Assert.Equal(["e2 e3", "e4"], _delivered.Batches);
        Assert.Equal([null, null], _delivered.Comments);
    }

    [Fact]
    public void What_was_delivered_already_is_dropped_and_the_rest_of_its_batch_delivered()
    {
        _order.Offer(Events(2, 3));

        Assert.False(_order.Offer(Events(2, 3)));
        Assert.False(_order.Offer(Events(3, 4)));

        Assert.Equal(["e2 e3", "e4"], _delivered.Batches);
    }

    [Fact]
    public void A_batch_after_a_hole_is_held_and_makes_a_repair_due_once()
    {
        Assert.True(_order.Offer(Events(3)));
        Assert.False(_order.Offer(Events(4))); // follows the held one, but the repair is due already

        Assert.Empty(_delivered.Batches);
        Assert.True(_order.TryNextRead(out var read));
        Assert.Equal(new SseEventId(Epoch, 1), read.After);
    }

    [Fact]
    public void While_a_repair_is_due_even_a_batch_that_follows_waits_for_its_next_step()
    {
        Assert.True(_order.Offer(Events(3)));
        Assert.False(_order.Offer(Events(2))); // a second subscription, late

        Assert.Empty(_delivered.Batches);
        Assert.False(_order.TryNextRead(out _)); // delivers e2, then e3 which now follows: nothing is missing
        Assert.Equal(["e2", "e3"], _delivered.Batches);
    }

    [Fact]
    public void A_repair_delivers_the_hole_from_the_history_then_the_held_batches_in_id_order_whatever_order_they_came_in()
    {
        _order.Offer(Events(5));
        _order.Offer(Events(3, 4));
        Assert.True(_order.TryNextRead(out var read));

        Assert.Equal(1, _order.Apply(Page(ReplayCompleteness.Complete, Events(2)), read));
        Assert.False(_order.TryNextRead(out _)); // nothing missing: the repair is over

        Assert.Equal(["e2", "e3 e4", "e5"], _delivered.Batches);
        Assert.False(_order.Offer(Events(6))); // following again: delivered at once
        Assert.Equal("e6", _delivered.Batches[^1]);
    }

    [Fact]
    public void A_history_that_has_nothing_yet_although_the_stream_showed_more_lags_and_is_read_again()
    {
        _order.Offer(Events(3));
        Assert.True(_order.TryNextRead(out var read));

        Assert.Null(_order.Apply(Page(ReplayCompleteness.Complete), read));
        Assert.True(_order.TryNextRead(out var again));
        Assert.Equal(read.After, again.After);
        Assert.Empty(_delivered.Batches);
    }

    [Fact]
    public void A_hole_the_history_no_longer_holds_is_passed_behind_a_comment_that_events_were_lost()
    {
        _order.Offer(Events(4));
        Assert.True(_order.TryNextRead(out var read));

        Assert.Equal(1, _order.Apply(Page(ReplayCompleteness.Truncated, Events(4)), read));

        Assert.Equal(["e4"], _delivered.Batches);
        Assert.Equal($"events lost: 2 after {Epoch}-1 are no longer in the history of {Path}; continuing with {Epoch}-4", Assert.Single(_delivered.Comments));
        Assert.False(_order.TryNextRead(out _));
    }

    [Fact]
    public void A_batch_held_before_the_read_that_the_history_dropped_meanwhile_comes_before_what_it_retains()
    {
        _order.Offer(Events(3));
        Assert.True(_order.TryNextRead(out var read));

        // By the time the page is read the history's bounds dropped e2 and e3; it still has e4.
        Assert.Equal(1, _order.Apply(Page(ReplayCompleteness.Truncated, Events(4)), read));

        Assert.Equal(["e3", "e4"], _delivered.Batches);
        Assert.Equal($"events lost: 1 after {Epoch}-1 are no longer in the history of {Path}; continuing with {Epoch}-3", _delivered.Comments[0]);
        Assert.Null(_delivered.Comments[1]);
    }

    [Fact]
    public void The_first_event_of_a_new_epoch_follows_behind_a_comment_that_the_history_restarted()
    {
        var restarted = new[] { new NamespaceEvent(new SseEventId(Epoch + 1, 1), null, "fresh", Path) };

        Assert.False(_order.Offer(restarted));

        Assert.Equal(["e1"], _delivered.Batches); // of the new epoch
        Assert.Equal($"history of {Path} restarted (epoch {Epoch + 1}); events before it are gone", Assert.Single(_delivered.Comments));
        Assert.False(_order.Offer(Events(2))); // the epoch it left is old, not new
        Assert.Single(_delivered.Batches);
    }

    [Fact]
    public void More_than_a_page_held_is_let_go_and_promised_so_the_repair_reads_on_to_it()
    {
        _order.Offer(Events(3));
        Assert.True(_order.TryNextRead(out var first));
        Assert.Equal(default, first.Promised);

        _order.Offer(Event(4, new string('x', PageChars))); // with e3, more than a page
        Assert.True(_order.TryNextRead(out var read));

        Assert.Equal(new SseEventId(Epoch, 3), read.Promised);
        Assert.Equal(2, _order.Apply(Page(ReplayCompleteness.Complete, Events(2, 3)), read)); // e3 comes from the history
        Assert.False(_order.TryNextRead(out _)); // e4 was held since, and follows
        Assert.Equal(["e2 e3", "e4"], _delivered.Batches);
    }

    [Fact]
    public void A_newer_id_of_a_quiet_feed_makes_a_repair_due_but_not_when_the_stream_delivered_meanwhile()
    {
        var mark = _order.DeliveryMark;
        _order.Offer(Events(2));

        Assert.False(_order.CatchUpTo(new SseEventId(Epoch, 3), mark)); // the stream delivered after the call was made
        Assert.False(_order.CatchUpTo(new SseEventId(Epoch, 2), _order.DeliveryMark)); // delivered already
        Assert.True(_order.CatchUpTo(new SseEventId(Epoch, 3), _order.DeliveryMark));
        Assert.True(_order.TryNextRead(out var read));
        Assert.Equal(new SseEventId(Epoch, 3), read.Promised);
    }

    [Fact]
    public void A_feed_is_idle_when_it_delivered_nothing_since_the_last_look_and_is_not_repairing()
    {
        Assert.True(_order.TakeIdle());
        _order.Offer(Events(2));
        Assert.False(_order.TakeIdle());
        Assert.True(_order.TakeIdle());

        _order.Offer(Events(4));
        Assert.False(_order.TakeIdle()); // repairing
    }

    [Fact]
    public void Giving_up_closes_the_subscribers_with_nothing_past_the_hole_and_the_promise_is_not_made_again()
    {
        Assert.True(_order.CatchUpTo(new SseEventId(Epoch, 3), _order.DeliveryMark));
        _order.Offer(Events(3));

        _order.GiveUp();

        Assert.Equal(1, _delivered.Closes);
        Assert.Empty(_delivered.Batches);
        Assert.False(_order.CatchUpTo(new SseEventId(Epoch, 3), _order.DeliveryMark)); // unreachable
        Assert.True(_order.CatchUpTo(new SseEventId(Epoch, 4), _order.DeliveryMark)); // a newer one is asked for
    }

    [Fact]
    public void A_stopped_feed_delivers_nothing_more_and_its_repair_ends()
    {
        _order.Offer(Events(3));
        Assert.True(_order.TryNextRead(out var read));

        _order.Stop();

        Assert.Equal(0, _order.Apply(Page(ReplayCompleteness.Complete, Events(2, 3)), read));
        Assert.False(_order.TryNextRead(out _));
        Assert.False(_order.Offer(Events(4)));
        Assert.Empty(_delivered.Batches);
    }

    private static NamespaceEvent[] Events(long from, long to = 0) =>
        [.. Enumerable.Range((int)from, (int)Math.Max(1, to - from + 1)).Select(sequence => new NamespaceEvent(new SseEventId(Epoch, sequence), null, $"e{sequence}", Path))];

    private static NamespaceEvent[] Event(long sequence, string data) => [new NamespaceEvent(new SseEventId(Epoch, sequence), null, data, Path)];

    private static EventReplay Page(ReplayCompleteness completeness, params NamespaceEvent[] events) => new(events, completeness, events.Length);

    private sealed class RecordingDelivery : IFeedDelivery
    {
        public List<string> Batches { get; } = [];

        public List<string?> Comments { get; } = [];

        public int Closes { get; private set; }

        public void Deliver(NamespaceEvent[] events, string? comment)
        {
            Batches.Add(string.Join(' ', events.Select(e => $"e{e.Id.Sequence}")));
            Comments.Add(comment);
        }

        public void Close() => Closes++;
    }
}
