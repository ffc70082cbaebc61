using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.FanOut;
using SseOrleans.FrontEnd.Wire;

namespace SseOrleans.Api.Tests.FanOut;

public sealed class FlushSchedulerTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);
    private readonly FakeTimeProvider _time = new();
    private readonly FlushScheduler _scheduler;
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(10));

    public FlushSchedulerTests() => _scheduler = new(Options.Create(new SseOptions { FlushInterval = Interval }), _time);

    public Task InitializeAsync() => _scheduler.StartAsync(CancellationToken.None);

    public Task DisposeAsync() => _scheduler.StopAsync(CancellationToken.None);

    public void Dispose()
    {
        _scheduler.Dispose();
        _timeout.Dispose();
    }

    [Fact]
    public async Task After_a_quiet_spell_an_event_is_written_at_once_without_waiting_for_the_interval()
    {
        var (connection, body) = await LiveConnectionAsync();

        connection.Enqueue(Batch(1));

        // No time passes on the fake clock: only an immediate flush can write it.
        Assert.Equal(2, await body.NextFlushAsync(_timeout.Token));
        Assert.Contains("id: 1-1", body.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_that_arrive_within_the_interval_after_a_flush_go_out_together_in_the_next()
    {
        var (connection, body) = await LiveConnectionAsync();
        connection.Enqueue(Batch(1));
        Assert.Equal(2, await body.NextFlushAsync(_timeout.Token));

        connection.Enqueue(Batch(2));
        connection.Enqueue(Batch(3));

        // Only the fake clock can end the window; it moves in steps, since the window's delay is set on
        // the flush loop's own thread some time after the flush.
        var next = body.NextFlushAsync(_timeout.Token);
        var advanced = TimeSpan.Zero;
        while (!next.IsCompleted)
        {
            _timeout.Token.ThrowIfCancellationRequested();
            _time.Advance(TimeSpan.FromMilliseconds(1));
            advanced += TimeSpan.FromMilliseconds(1);
            await Task.WhenAny(next, Task.Delay(2, CancellationToken.None));
        }

        Assert.Equal(3, await next);
        Assert.True(advanced >= Interval, $"flushed after {advanced.TotalMilliseconds} ms of the {Interval.TotalMilliseconds} ms window");
        Assert.EndsWith("id: 1-2\ndata: e\n\nid: 1-3\ndata: e\n\n", body.Text, StringComparison.Ordinal);
    }

    // A connection past its prelude (one flush: the retry line), with nothing queued.
    private async Task<(SseConnection Connection, RecordingPipeWriter Body)> LiveConnectionAsync()
    {
        var connection = new SseConnection("/t", "/subscribe/t", "127.0.0.1", "test", 1 << 20, _scheduler, _time);
        var body = new RecordingPipeWriter();
        _ = connection.RunAsync(
            body,
            StreamPrelude.Create(TimeSpan.FromSeconds(1), "/t", lastEventId: null, (_, _) => Task.FromResult(new EventReplay([], ReplayCompleteness.Complete, 0)), pageBytes: 1),
            _timeout.Token);
        Assert.Equal(1, await body.NextFlushAsync(_timeout.Token));
        return (connection, body);
    }

    private static EncodedBatch Batch(long sequence) =>
        EncodedBatch.Encode([new NamespaceEvent(new SseEventId(1, sequence), null, "e", "/t")]);
}
