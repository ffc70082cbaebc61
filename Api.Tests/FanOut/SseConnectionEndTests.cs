using Microsoft.Extensions.Options;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.FanOut;
using SseOrleans.FrontEnd.Wire;

namespace SseOrleans.Api.Tests.FanOut;

/// <summary>Every way a stream can end finishes its run, so its request and connection never leak.</summary>
public sealed class SseConnectionEndTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly FlushScheduler _scheduler = new(Options.Create(new SseOptions()), TimeProvider.System);

    public void Dispose() => _scheduler.Dispose();

    [Fact]
    public async Task A_slow_flush_that_fails_with_any_exception_ends_the_stream()
    {
        var connection = NewConnection(bufferLimit: 1 << 20);
        var body = new RecordingPipeWriter();
        var run = connection.RunAsync(body, Preamble(), CancellationToken.None);
        body.Stalled = true;
        connection.Enqueue(Batch(1, "waits for the client"));
        _scheduler.FlushDirty();
        Assert.True(body.FlushPending);

        body.FailPendingFlush(new NotSupportedException("an exception no one expected"));

        Assert.Equal(SseConnectionEnd.ClientLeft, await run.WaitAsync(Bound));
        Assert.False(connection.Enqueue(Batch(2, "after the end")));
    }

    [Fact]
    public async Task A_slow_first_write_that_fails_ends_the_stream()
    {
        var connection = NewConnection(bufferLimit: 1 << 20);
        var body = new RecordingPipeWriter { Stalled = true };
        var run = connection.RunAsync(body, Preamble(), CancellationToken.None);
        Assert.True(body.FlushPending);

        body.FailPendingFlush(new NotSupportedException("broken transport"));

        Assert.Equal(SseConnectionEnd.ClientLeft, await run.WaitAsync(Bound));
    }

    [Fact]
    public async Task A_client_cut_off_while_its_request_ends_never_throws_into_the_fan_out()
    {
        // The overflow that cuts a client off can race with the end of its request (the client left
        // at the same moment); whichever wins, the enqueueing side must see only "false".
        for (var i = 0; i < 300; i++)
        {
            var connection = NewConnection(bufferLimit: 1024);
            using var aborted = new CancellationTokenSource();
            var run = connection.RunAsync(new RecordingPipeWriter(), Preamble(), aborted.Token);
            connection.Enqueue(Batch(1, new string('x', 2000)));
            var overflow = Task.Run(() => connection.Enqueue(Batch(2, "one too many")));
            var leave = Task.Run(aborted.Cancel);
            await Task.WhenAll(overflow, leave).WaitAsync(Bound);
            Assert.Contains(await run.WaitAsync(Bound), new[] { SseConnectionEnd.TooSlow, SseConnectionEnd.ClientLeft });
        }
    }

    [Fact]
    public async Task A_replay_is_read_page_by_page_as_the_client_reads_so_a_client_that_stops_holds_one_page()
    {
        var pages = new List<SseEventId>();
        var history = Enumerable.Range(1, 10).Select(i => new NamespaceEvent(new SseEventId(1, i), null, new string('r', 100), "/t")).ToArray();
        Task<EventReplay> ReadPage(SseEventId after, int maxBytes)
        {
            pages.Add(after);
            var rest = history.Where(e => e.Id.Sequence > after.Sequence).ToArray();
            return Task.FromResult(new EventReplay(rest.Take(Math.Max(1, maxBytes / 100)).ToArray(), ReplayCompleteness.Complete, rest.Length));
        }

        var prelude = StreamPrelude.Create(TimeSpan.FromSeconds(1), "/t", "1-0", ReadPage, pageBytes: 300);
        await prelude.StartAsync();
        var connection = NewConnection(bufferLimit: 1 << 20);
        var body = new RecordingPipeWriter { Stalled = true };
        var run = connection.RunAsync(body, prelude, CancellationToken.None);

        // Until the client reads a page, it waits in its flush and the next one is not fetched.
        for (var page = 1; page <= 4; page++)
        {
            await body.FlushWaitingAsync().WaitAsync(Bound);
            Assert.Equal(page, pages.Count);
            Assert.Equal(Math.Min(10, page * 3), body.Text.Split('\n').Count(line => line.StartsWith("data:", StringComparison.Ordinal)));
            body.CompletePendingFlush();
        }

        // Live now (the running scheduler writes what is queued): a close ends it.
        await _scheduler.StartAsync(CancellationToken.None);
        connection.Close();
        Assert.Equal(SseConnectionEnd.Closed, await run.WaitAsync(Bound));
        await _scheduler.StopAsync(CancellationToken.None);
        Assert.Equal(4, pages.Count); // pages of 3, 3, 3 and 1
        Assert.Equal(Enumerable.Range(1, 10).Select(i => $"id: 1-{i}"), body.Text.Split('\n').Where(line => line.StartsWith("id:", StringComparison.Ordinal)));
        Assert.Equal(10, prelude.Replayed);
    }

    [Fact]
    public async Task A_replay_that_fails_midway_ends_the_stream_without_the_live_events_queued_behind_it()
    {
        var calls = 0;
        Task<EventReplay> ReadPage(SseEventId after, int maxBytes) => ++calls == 1
            ? Task.FromResult(new EventReplay([new NamespaceEvent(new SseEventId(1, 1), null, "first", "/t")], ReplayCompleteness.Complete, 3))
            : Task.FromException<EventReplay>(new TimeoutException("the namespace grain is moving"));

        var prelude = StreamPrelude.Create(TimeSpan.FromSeconds(1), "/t", "1-0", ReadPage, pageBytes: 1);
        await prelude.StartAsync();
        var connection = NewConnection(bufferLimit: 1 << 20);
        connection.Enqueue(Batch(4, "live, after a gap"));
        var body = new RecordingPipeWriter();

        Assert.Equal(SseConnectionEnd.Closed, await connection.RunAsync(body, prelude, CancellationToken.None).WaitAsync(Bound));
        _scheduler.FlushDirty();
        Assert.Contains("data: first", body.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("live, after a gap", body.Text, StringComparison.Ordinal);
    }

    private static StreamPrelude Preamble() =>
        StreamPrelude.Create(TimeSpan.FromMilliseconds(1), "/t", lastEventId: null, (_, _) => Task.FromResult(new EventReplay([], ReplayCompleteness.Complete, 0)), pageBytes: 1024);

    private SseConnection NewConnection(int bufferLimit) =>
        new("/t", "/subscribe/t", "127.0.0.1", "test", bufferLimit, _scheduler, TimeProvider.System);

    private static EncodedBatch Batch(long sequence, string data) =>
        EncodedBatch.Encode([new NamespaceEvent(new SseEventId(1, sequence), null, data, "/t")]);
}
