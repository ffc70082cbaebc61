using Microsoft.Extensions.Options;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.FanOut;
using SseOrleans.FrontEnd.Wire;

namespace SseOrleans.Api.Tests.FanOut;

public sealed class SseConnectionTests : IDisposable
{
    private readonly FlushScheduler _scheduler = new(Options.Create(new SseOptions()), TimeProvider.System);

    [Fact]
    public async Task Everything_queued_goes_out_in_one_write_and_one_flush_per_tick()
    {
        var connection = NewConnection(bufferLimit: 1 << 20);
        var body = new RecordingPipeWriter();
        var run = connection.RunAsync(body, Preamble(), CancellationToken.None);
        for (var i = 1; i <= 3; i++)
        {
            Assert.True(connection.Enqueue(Batch(i, "event " + i)));
        }

        Assert.Equal(1, body.Flushes); // the preamble, at once; events wait for the tick
        connection.Close();
        _scheduler.FlushDirty();

        Assert.Equal(SseConnectionEnd.Closed, await run.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(2, body.Flushes); // the preamble, then all three events together
        Assert.Equal("retry: 1\n\nid: 1-1\ndata: event 1\n\nid: 1-2\ndata: event 2\n\nid: 1-3\ndata: event 3\n\n", body.Text);
        Assert.Equal(3, connection.EventsSent);
    }

    [Fact]
    public async Task Events_the_client_already_has_are_skipped()
    {
        var connection = NewConnection(bufferLimit: 1 << 20);
        connection.Enqueue(Batch(1, "old"));
        connection.Enqueue(Batch(2, "new"));
        connection.Close();
        var body = new RecordingPipeWriter();

        var run = connection.RunAsync(body, await ResumingAfter(new SseEventId(1, 1)), CancellationToken.None);
        _scheduler.FlushDirty();
        await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.DoesNotContain("old", body.Text, StringComparison.Ordinal);
        Assert.Contains("data: new", body.Text, StringComparison.Ordinal);
        Assert.Equal(1, connection.EventsSent);
    }

    [Fact]
    public async Task A_client_that_stops_reading_is_cut_off_once_its_buffer_is_full()
    {
        var connection = NewConnection(bufferLimit: 4096);
        var body = new RecordingPipeWriter();
        var run = connection.RunAsync(body, Preamble(), CancellationToken.None);
        body.Stalled = true;
        connection.Enqueue(Batch(1, "the flush of this one never completes"));
        _scheduler.FlushDirty();

        var accepted = 0;
        while (connection.Enqueue(Batch(accepted + 2, new string('x', 1000))))
        {
            accepted++;
            _scheduler.FlushDirty(); // a no-op while the flush is stuck
        }

        Assert.InRange(accepted, 3, 4);
        Assert.Equal(SseConnectionEnd.TooSlow, await run.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.False(connection.Enqueue(Batch(99, "after the cut")));
    }

    [Fact]
    public void A_connection_with_nothing_queued_takes_a_batch_larger_than_its_buffer()
    {
        var connection = NewConnection(bufferLimit: 1024);
        Assert.True(connection.Enqueue(Batch(1, new string('x', 5000))));
        Assert.False(connection.Enqueue(Batch(2, "now it is behind")));
    }

    [Fact]
    public async Task A_client_that_leaves_ends_the_run()
    {
        var connection = NewConnection(bufferLimit: 4096);
        using var aborted = new CancellationTokenSource();
        var run = connection.RunAsync(new RecordingPipeWriter(), Preamble(), aborted.Token);
        await aborted.CancelAsync();
        Assert.Equal(SseConnectionEnd.ClientLeft, await run.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_connection_flushed_on_several_ticks_keeps_the_order_of_its_events()
    {
        var connection = NewConnection(bufferLimit: 1 << 20);
        var body = new RecordingPipeWriter();
        var run = connection.RunAsync(body, Preamble(), CancellationToken.None);
        for (var i = 1; i <= 6; i++)
        {
            connection.Enqueue(Batch(i, "e" + i));
            if (i % 2 == 0)
            {
                _scheduler.FlushDirty();
            }
        }

        connection.Close();
        _scheduler.FlushDirty();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(4, body.Flushes); // the preamble, then one per tick that had events (the close needs none)
        Assert.Equal(Enumerable.Range(1, 6).Select(i => "data: e" + i), body.Text.Split('\n').Where(l => l.StartsWith("data:", StringComparison.Ordinal)));
    }

    public void Dispose() => _scheduler.Dispose();

    private static StreamPrelude Preamble() =>
        StreamPrelude.Create(TimeSpan.FromMilliseconds(1), "/t", lastEventId: null, NoHistory, pageBytes: 1024);

    // A client that already has everything up to `last`: nothing to replay, live events after it only.
    private static async Task<StreamPrelude> ResumingAfter(SseEventId last)
    {
        var prelude = StreamPrelude.Create(TimeSpan.FromMilliseconds(1), "/t", last.ToString(), NoHistory, pageBytes: 1024);
        await prelude.StartAsync();
        return prelude;
    }

    private static Task<EventReplay> NoHistory(SseEventId after, int maxBytes) =>
        Task.FromResult(new EventReplay([], ReplayCompleteness.Complete, 0));

    private SseConnection NewConnection(int bufferLimit) =>
        new("/t", "/subscribe/t", "127.0.0.1", "test", bufferLimit, _scheduler, TimeProvider.System);

    private static EncodedBatch Batch(long sequence, string data) =>
        EncodedBatch.Encode([new NamespaceEvent(new SseEventId(1, sequence), null, data, "/t")]);
}
