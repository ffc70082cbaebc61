using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Orleans.Streams;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.FanOut;

namespace SseOrleans.Api.Tests.FanOut;

/// <summary>
/// A feed whose stream loses items gets them from the namespace's history: in order, once, before anything
/// newer. Items are lost on purpose: the fake namespace numbers and keeps every event, and the test hands the
/// feed only some of them, as a stream that dropped the others would.
/// </summary>
public sealed class GapRepairTests : IDisposable
{
    private const string Path = "/pets";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new();
    private readonly FanOutParts _parts;

    public GapRepairTests() => _parts = new FanOutParts(
        new SseOptions { GapCheckInterval = TimeSpan.FromSeconds(2), ResubscribeTimeout = TimeSpan.FromSeconds(10), ReorderWindow = TimeSpan.Zero },
        _time);

    public void Dispose() => _parts.Dispose();

    private FakeNamespaceGrains Namespaces => _parts.Namespaces;

    private NamespaceFeed Feed => Assert.Single(_parts.Hub.Feeds());

    private Task Repairing => _parts.Repairs.Running(Feed.Order);

    [Fact]
    public async Task A_feed_that_misses_a_middle_event_delivers_it_from_history_before_the_next_once_and_in_order()
    {
        var client = await _parts.SubscribeAsync(Path);
        var stream = Assert.Single(_parts.Streams.Observers);
        var one = Namespaces.Append(Path, "one");
        await Deliver(stream, one);
        Namespaces.Append(Path, "two"); // lost on the stream

        await Deliver(stream, Namespaces.Append(Path, "three"));
        await Repairing.WaitAsync(Bound);
        await Deliver(stream, Namespaces.Append(Path, "four"));

        Assert.Equal(["one", "two", "three", "four"], client.Data);
        Assert.Equal(Enumerable.Range(1, 4).Select(i => $"{one[0].Id.Epoch}-{i}"), client.Ids);
        Assert.Empty(client.Comments);
        Assert.Equal(one[0].Id, await Namespaces.NextReadAsync(CancellationToken.None)); // read after what it had
        Assert.Equal(1, Namespaces.ReadCount);
        Assert.Equal(1, _parts.Measured("sse.repairs"));
        Assert.Equal(2, _parts.Measured("sse.events.repaired")); // two and three, from the one page
    }

    [Fact]
    public async Task Batches_of_two_silos_that_cross_within_the_reorder_window_are_delivered_in_order_without_a_history_read()
    {
        using var parts = new FanOutParts(new SseOptions { ReorderWindow = TimeSpan.FromMilliseconds(100) }, _time);
        var client = await parts.SubscribeAsync(Path);
        var stream = Assert.Single(parts.Streams.Observers);
        await Deliver(stream, parts.Namespaces.Append(Path, "one"));
        var two = parts.Namespaces.Append(Path, "two");
        var three = parts.Namespaces.Append(Path, "three");

        await Deliver(stream, three); // the other silo's item overtook this one's
        var feed = Assert.Single(parts.Hub.Feeds());
        var repair = parts.Repairs.Running(feed.Order);
        await Deliver(stream, two);
        Assert.Equal(["one"], client.Data);
        _time.Advance(TimeSpan.FromMilliseconds(100));
        await repair.WaitAsync(Bound);

        Assert.Equal(["one", "two", "three"], client.Data);
        Assert.Equal(0, parts.Namespaces.ReadCount);
        Assert.Empty(client.Comments);
    }

    [Fact]
    public async Task Batches_from_two_subscriptions_that_arrive_during_a_repair_wait_for_it_and_follow_once_in_order()
    {
        var client = await _parts.SubscribeAsync(Path);
        await Feed.ResubscribeAsync();
        var (first, second) = (_parts.Streams.Observers[0], _parts.Streams.Observers[1]);
        var one = Namespaces.Append(Path, "one");
        await Deliver(first, one);
        await Deliver(second, one);
        Namespaces.Append(Path, "two"); // lost on both
        Namespaces.HoldReads();

        var three = Namespaces.Append(Path, "three");
        await Deliver(first, three);
        await Namespaces.NextReadAsync(CancellationToken.None).WaitAsync(Bound);
        var four = Namespaces.Append(Path, "four");
        await Deliver(first, four);
        await Deliver(second, three);
        await Deliver(second, four);
        Assert.Equal(["one"], client.Data); // nothing past the hole while it is being repaired

        Namespaces.ReleaseReads();
        await Repairing.WaitAsync(Bound);
        await Deliver(second, Namespaces.Append(Path, "five"));
        await Deliver(first, Namespaces.Append(Path, "six"));

        Assert.Equal(["one", "two", "three", "four", "five", "six"], client.Data);
    }

    [Fact]
    public async Task More_than_a_page_arriving_during_a_repair_is_let_go_and_read_from_the_history_in_order()
    {
        using var parts = new FanOutParts(new SseOptions { MaxMessageBytes = 1024, ConnectionBufferSize = 4096, ReorderWindow = TimeSpan.Zero }, _time);
        var client = await parts.SubscribeAsync(Path);
        var stream = Assert.Single(parts.Streams.Observers);
        await Deliver(stream, parts.Namespaces.Append(Path, "one"));
        parts.Namespaces.Append(Path, "two"); // lost
        parts.Namespaces.HoldReads();
        await Deliver(stream, parts.Namespaces.Append(Path, "three"));

        // Pages hold 1024 bytes of data: ten batches of 300 overflow what a repair may hold, several times.
        var expected = new List<string> { "one", "two", "three" };
        for (var i = 0; i < 10; i++)
        {
            var data = $"{i}{new string('x', 299)}";
            expected.Add(data);
            await Deliver(stream, parts.Namespaces.Append(Path, data));
        }

        parts.Namespaces.ReleaseReads();
        await parts.Repairs.Running(Assert.Single(parts.Hub.Feeds()).Order).WaitAsync(Bound);

        Assert.Equal(expected, client.Data);
        Assert.True(parts.Namespaces.ReadCount > 1, "a page of the history at a time");
    }

    [Fact]
    public async Task A_lost_last_event_is_found_by_the_gap_check_once_its_feed_has_been_quiet_for_an_interval()
    {
        var client = await _parts.SubscribeAsync(Path);
        var stream = Assert.Single(_parts.Streams.Observers);
        await Deliver(stream, Namespaces.Append(Path, "one"));
        Namespaces.Append(Path, "two"); // lost, and nothing follows it
        using var check = new GapCheck(_parts.Hub, _parts.Repairs, _parts.Options, _time, NullLogger<GapCheck>.Instance);
        await check.StartAsync(CancellationToken.None);
        var started = _time.GetUtcNow();

        using var timeout = new CancellationTokenSource(Bound);
        await _time.AdvanceUntilAsync(Namespaces.NextReadAsync(timeout.Token), TimeSpan.FromMilliseconds(500), timeout.Token);
        await Repairing.WaitAsync(Bound);

        Assert.Equal(["one", "two"], client.Data);
        Assert.True(_time.GetUtcNow() - started >= _parts.Options.Value.GapCheckInterval, "asked only once quiet for an interval");
        await check.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_lost_last_event_is_found_by_the_newest_id_the_subscriber_renewal_answers()
    {
        var client = await _parts.SubscribeAsync(Path);
        var stream = Assert.Single(_parts.Streams.Observers);
        await Deliver(stream, Namespaces.Append(Path, "one"));
        Namespaces.Append(Path, "two"); // lost, and nothing follows it
        using var reporter = new SubscriberCountReporter(
            _parts.Hub, Namespaces, _parts.Repairs, new FrontEndIdentity(_time), _parts.Options, _time, NullLogger<SubscriberCountReporter>.Instance);
        await reporter.StartAsync(CancellationToken.None);

        using var timeout = new CancellationTokenSource(Bound);
        await _time.AdvanceUntilAsync(Namespaces.NextReadAsync(timeout.Token), TimeSpan.FromMilliseconds(250), timeout.Token);
        await Repairing.WaitAsync(Bound);

        Assert.Equal((Path, 1), await Namespaces.NextReportAsync(timeout.Token));
        Assert.Equal(["one", "two"], client.Data);
        await reporter.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task The_first_event_after_subscribing_is_repaired_too_but_not_what_came_before()
    {
        Namespaces.Append(Path, "before the subscription");
        var client = await _parts.SubscribeAsync(Path);
        var stream = Assert.Single(_parts.Streams.Observers);
        Namespaces.Append(Path, "first"); // lost

        await Deliver(stream, Namespaces.Append(Path, "second"));
        await Repairing.WaitAsync(Bound);

        Assert.Equal(["first", "second"], client.Data);
    }

    [Fact]
    public async Task A_newer_epoch_is_delivered_behind_a_comment_that_the_history_restarted()
    {
        var client = await _parts.SubscribeAsync(Path);
        var stream = Assert.Single(_parts.Streams.Observers);
        await Deliver(stream, Namespaces.Append(Path, "one"));

        Namespaces.Restart(Path);
        var fresh = Namespaces.Append(Path, "fresh");
        await Deliver(stream, fresh);
        await Deliver(stream, Namespaces.Append(Path, "next"));

        Assert.Equal(
            ["one", $": history of {Path} restarted (epoch {fresh[0].Id.Epoch}); events before it are gone", "fresh", "next"],
            client.DataAndComments.Select(line => line.StartsWith("data: ", StringComparison.Ordinal) ? line[6..] : line));
        Assert.Equal(0, Namespaces.ReadCount); // a first event of an epoch follows: nothing to read
    }

    [Fact]
    public async Task A_newer_epoch_whose_first_events_the_stream_lost_gets_them_from_the_restarted_history()
    {
        var client = await _parts.SubscribeAsync(Path);
        var stream = Assert.Single(_parts.Streams.Observers);
        await Deliver(stream, Namespaces.Append(Path, "one"));
        Namespaces.Restart(Path);
        Namespaces.Append(Path, "fresh"); // lost

        await Deliver(stream, Namespaces.Append(Path, "next"));
        await Repairing.WaitAsync(Bound);

        Assert.Equal(["one", "fresh", "next"], client.Data);
        Assert.Equal($"history of {Path} restarted (epoch {Namespaces.Newest(Path).Epoch}); events before it are gone", Assert.Single(client.Comments));
    }

    [Fact]
    public async Task A_hole_the_history_no_longer_holds_is_passed_with_a_comment_that_events_were_lost_and_delivery_goes_on()
    {
        var client = await _parts.SubscribeAsync(Path);
        var stream = Assert.Single(_parts.Streams.Observers);
        var one = Namespaces.Append(Path, "one");
        await Deliver(stream, one);
        Namespaces.Append(Path, "two", "three"); // lost on the stream ...
        Namespaces.Forget(Path, 3); // ... and dropped by the history's bounds

        var four = Namespaces.Append(Path, "four");
        await Deliver(stream, four);
        await Repairing.WaitAsync(Bound);
        await Deliver(stream, Namespaces.Append(Path, "five"));

        Assert.Equal(["one", "four", "five"], client.Data);
        Assert.Equal($"events lost: 2 after {one[0].Id} are no longer in the history of {Path}; continuing with {four[0].Id}", Assert.Single(client.Comments));
        Assert.Equal(2, _parts.Measured("sse.events.lost"));
    }

    [Fact]
    public async Task A_held_event_that_the_history_dropped_during_the_repair_still_comes_before_what_it_retains()
    {
        var client = await _parts.SubscribeAsync(Path);
        var stream = Assert.Single(_parts.Streams.Observers);
        var one = Namespaces.Append(Path, "one");
        await Deliver(stream, one);
        Namespaces.Append(Path, "two"); // lost
        Namespaces.HoldReads();
        var three = Namespaces.Append(Path, "three");
        await Deliver(stream, three); // held while the history is read
        await Namespaces.NextReadAsync(CancellationToken.None).WaitAsync(Bound);

        Namespaces.Forget(Path, 3); // a busy namespace's bounds drop one, two and three meanwhile
        Namespaces.Append(Path, "four");
        Namespaces.ReleaseReads();
        await Repairing.WaitAsync(Bound);

        Assert.Equal(["one", "three", "four"], client.Data);
        Assert.Equal($"events lost: 1 after {one[0].Id} are no longer in the history of {Path}; continuing with {three[0].Id}", Assert.Single(client.Comments));
    }

    [Fact]
    public async Task A_history_that_keeps_failing_is_retried_then_the_namespace_connections_are_closed_with_nothing_past_the_hole()
    {
        var client = await _parts.SubscribeAsync(Path);
        var stream = Assert.Single(_parts.Streams.Observers);
        await Deliver(stream, Namespaces.Append(Path, "one"));
        Namespaces.Append(Path, "two"); // lost
        Namespaces.ReadsFail = true;
        await _parts.Scheduler.StartAsync(CancellationToken.None); // writes what is queued, so a close ends the stream

        await Deliver(stream, Namespaces.Append(Path, "three"));
        using var timeout = new CancellationTokenSource(Bound);
        await _time.AdvanceUntilAsync(client.Run, TimeSpan.FromMilliseconds(250), timeout.Token);

        Assert.Equal(SseConnectionEnd.Closed, await client.Run);
        Assert.Equal(["one"], client.Data); // the client reconnects from "one" and replays
        Assert.True(Namespaces.ReadCount >= 2, "retried before giving up");
        await Repairing.WaitAsync(Bound);
        await _parts.Scheduler.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Releasing_a_feed_during_a_repair_stops_it_and_nothing_more_is_delivered()
    {
        var client = await _parts.SubscribeAsync(Path);
        var stream = Assert.Single(_parts.Streams.Observers);
        await Deliver(stream, Namespaces.Append(Path, "one"));
        Namespaces.Append(Path, "two"); // lost
        Namespaces.HoldReads();
        await Deliver(stream, Namespaces.Append(Path, "three"));
        await Namespaces.NextReadAsync(CancellationToken.None).WaitAsync(Bound);
        var repair = Repairing;

        await _parts.Hub.DetachAsync(client.Connection).WaitAsync(Bound); // the last connection: the feed is released

        Assert.True(repair.IsCompletedSuccessfully);
        var broadcast = _parts.Counters.EventsBroadcast;
        Namespaces.ReleaseReads();
        await Deliver(stream, Namespaces.Append(Path, "four"));
        Assert.Equal(broadcast, _parts.Counters.EventsBroadcast);
        Assert.Equal(1, _parts.Streams.Unsubscribed);
    }

    [Fact]
    public async Task A_connection_that_replayed_past_a_hole_gets_the_repaired_events_after_its_cursor_once()
    {
        var live = await _parts.SubscribeAsync(Path);
        var stream = Assert.Single(_parts.Streams.Observers);
        var one = Namespaces.Append(Path, "one");
        await Deliver(stream, one);
        Namespaces.Append(Path, "two"); // lost
        var three = Namespaces.Append(Path, "three");
        var replayed = await _parts.SubscribeAsync(Path, lastEventId: one[0].Id.ToString()); // replays two and three

        await Deliver(stream, three);
        await Repairing.WaitAsync(Bound);
        await Deliver(stream, Namespaces.Append(Path, "four"));

        Assert.Equal(["one", "two", "three", "four"], live.Data);
        Assert.Equal(["two", "three", "four"], replayed.Data);
        Assert.Equal($"replaying 2 events after {one[0].Id}", Assert.Single(replayed.Comments));
    }

    [Fact]
    public async Task Whatever_two_subscriptions_lose_or_repeat_every_event_reaches_a_connection_once_and_in_order()
    {
        for (var seed = 0; seed < 40; seed++)
        {
            using var parts = new FanOutParts(new SseOptions { MaxMessageBytes = 1024, ConnectionBufferSize = 4096, ReorderWindow = TimeSpan.Zero }, _time);
            var client = await parts.SubscribeAsync(Path);
            var feed = Assert.Single(parts.Hub.Feeds());
            await feed.ResubscribeAsync();
            var random = new Random(seed);
            var (first, second) = (new Queue<NamespaceEvent[]>(), new Queue<NamespaceEvent[]>());
            for (var i = 0; i < 60; i++)
            {
                var batch = parts.Namespaces.Append(Path, [.. Enumerable.Range(0, random.Next(1, 4)).Select(_ => new string((char)('a' + random.Next(26)), random.Next(1, 400)))]);
                if (random.Next(3) > 0)
                {
                    first.Enqueue(batch);
                }

                if (random.Next(2) > 0)
                {
                    second.Enqueue(batch);
                }
            }

            // Each subscription delivers in its order, the two interleaved, while repairs run on their own.
            while (first.Count + second.Count > 0)
            {
                var from = second.Count == 0 || (first.Count > 0 && random.Next(2) == 0) ? first : second;
                await Deliver(parts.Streams.Observers[from == first ? 0 : 1], from.Dequeue());
            }

            await parts.Repairs.Running(feed.Order).WaitAsync(Bound);
            await parts.Repairs.CheckNewestAsync(feed.Order); // the last events may have been lost on both
            await parts.Repairs.Running(feed.Order).WaitAsync(Bound);

            var newest = parts.Namespaces.Newest(Path);
            Assert.Equal(Enumerable.Range(1, (int)newest.Sequence).Select(i => $"{newest.Epoch}-{i}"), client.Ids);
            Assert.Empty(client.Comments);
        }
    }

    private static Task Deliver(IAsyncBatchObserver<EventBatch> stream, NamespaceEvent[] events) => stream.DeliverAsync(events);
}
