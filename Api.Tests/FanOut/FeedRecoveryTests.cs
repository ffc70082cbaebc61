using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.FanOut;

namespace SseOrleans.Api.Tests.FanOut;

public sealed class FeedRecoveryTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly FanOutParts _parts = new(new SseOptions { ResubscribeTimeout = TimeSpan.FromSeconds(30) });
    private readonly FakeTimeProvider _time = new();

    public void Dispose() => _parts.Dispose();

    [Fact]
    public async Task A_lost_gateway_resubscribes_every_feed_once_the_cluster_takes_it()
    {
        using var recovery = await StartRecoveryAsync("/a", "/b");
        using var timeout = new CancellationTokenSource(Bound);
        _parts.Streams.Failing = true;

        recovery.NotifyGatewayCountChanged(1, 2, connectionRecovered: false);
        await _parts.Streams.NextAttemptAsync(timeout.Token);
        await _parts.Streams.NextAttemptAsync(timeout.Token);
        _parts.Streams.Failing = false;
        await AdvanceUntilAsync(_parts.Streams.NextAttemptAsync(timeout.Token), timeout.Token);
        await AdvanceUntilAsync(_parts.Streams.NextAttemptAsync(timeout.Token), timeout.Token);

        Assert.Equal(2 + 2, _parts.Streams.Observers.Count); // the first subscriptions and one recovered each
        await recovery.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Stopping_the_host_ends_recovery_that_is_waiting_to_retry()
    {
        using var recovery = await StartRecoveryAsync("/stuck");
        using var timeout = new CancellationTokenSource(Bound);
        _parts.Streams.Failing = true;
        recovery.NotifyGatewayCountChanged(0, 1, connectionRecovered: false);
        await _parts.Streams.NextAttemptAsync(timeout.Token);

        await recovery.StopAsync(CancellationToken.None).WaitAsync(Bound);
        _time.Advance(TimeSpan.FromMinutes(5));

        Assert.True(recovery.ExecuteTask!.IsCompleted);
        Assert.False(_parts.Streams.HasPendingAttempt);
        Assert.Equal(2, _parts.Streams.Attempts); // the first subscription, and one recovery attempt
    }

    [Fact]
    public async Task A_feed_that_cannot_be_resubscribed_in_time_closes_its_connections()
    {
        using var recovery = await StartRecoveryAsync("/gone");
        using var timeout = new CancellationTokenSource(Bound);
        var connection = Assert.Single(_parts.Hub.Connections());
        var run = connection.RunAsync(new RecordingPipeWriter(), Preamble(), CancellationToken.None);
        await _parts.Scheduler.StartAsync(CancellationToken.None);
        _parts.Streams.Failing = true;
        recovery.NotifyGatewayCountChanged(0, 1, connectionRecovered: false);

        // Each backoff passes, until the 30 s have.
        await AdvanceUntilAsync(run, timeout.Token);
        Assert.InRange(_parts.Streams.Attempts - 1, 10, 40);
        Assert.Equal(SseConnectionEnd.Closed, await run.WaitAsync(Bound));
        await recovery.StopAsync(CancellationToken.None);
        await _parts.Scheduler.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_feed_resubscribed_after_a_lost_gateway_repairs_what_was_accepted_around_the_loss()
    {
        using var timeout = new CancellationTokenSource(Bound);
        var client = await _parts.SubscribeAsync("/lost");
        await _parts.Streams.NextAttemptAsync(timeout.Token);
        await Assert.Single(_parts.Streams.Observers).DeliverAsync(_parts.Namespaces.Append("/lost", "before the loss"));
        _parts.Namespaces.Append("/lost", "accepted around the loss"); // its stream queue died with the silo: no later event shows the hole
        using var recovery = new FeedRecovery(_parts.Services, _parts.Options, _time, NullLogger<FeedRecovery>.Instance);
        await recovery.StartAsync(CancellationToken.None);

        recovery.NotifyGatewayCountChanged(1, 2, connectionRecovered: false);
        await _parts.Streams.NextAttemptAsync(timeout.Token);
        await _parts.Namespaces.NextReadAsync(timeout.Token);
        await _parts.Repairs.Running(Assert.Single(_parts.Hub.Feeds()).Order).WaitAsync(Bound);

        Assert.Equal(["before the loss", "accepted around the loss"], client.Data);
        await recovery.StopAsync(CancellationToken.None);
    }

    private Task AdvanceUntilAsync(Task awaited, CancellationToken cancellationToken) =>
        _time.AdvanceUntilAsync(awaited, TimeSpan.FromMilliseconds(250), cancellationToken);

    private async Task<FeedRecovery> StartRecoveryAsync(params string[] paths)
    {
        foreach (var path in paths)
        {
            var connection = _parts.NewConnection(path);
            Assert.Null(_parts.Hub.TryAttach(connection));
            await _parts.Hub.SubscribeAsync(connection);
        }

        _ = await Task.WhenAll(paths.Select(_ => _parts.Streams.NextAttemptAsync(CancellationToken.None)));
        var recovery = new FeedRecovery(_parts.Services, _parts.Options, _time, NullLogger<FeedRecovery>.Instance);
        await recovery.StartAsync(CancellationToken.None);
        return recovery;
    }

    private static StreamPrelude Preamble() =>
        StreamPrelude.Create(TimeSpan.FromSeconds(1), "/t", lastEventId: null, (_, _) => Task.FromResult(new EventReplay([], ReplayCompleteness.Complete, 0)), pageBytes: 1);
}
