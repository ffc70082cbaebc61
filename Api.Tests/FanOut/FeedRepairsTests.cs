using Orleans.Streams;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.FanOut;

namespace SseOrleans.Api.Tests.FanOut;

/// <summary>The owner of the repairs stops them with the host.</summary>
public sealed class FeedRepairsTests : IDisposable
{
    private const string Path = "/pets";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly FanOutParts _parts = new(new SseOptions { ResubscribeTimeout = TimeSpan.FromMinutes(5) });

    public void Dispose() => _parts.Dispose();

    [Fact]
    public async Task Stopping_the_host_ends_a_repair_that_waits_on_the_history_and_closes_its_streams_with_nothing_past_the_hole()
    {
        var client = await _parts.SubscribeAsync(Path);
        var stream = Assert.Single(_parts.Streams.Observers);
        await Deliver(stream, _parts.Namespaces.Append(Path, "one"));
        _parts.Namespaces.Append(Path, "two"); // lost
        _parts.Namespaces.HoldReads(); // a history that does not answer
        await Deliver(stream, _parts.Namespaces.Append(Path, "three"));
        await _parts.Namespaces.NextReadAsync(CancellationToken.None).WaitAsync(Bound);
        var repair = _parts.Repairs.Running(Assert.Single(_parts.Hub.Feeds()).Order);
        await _parts.Scheduler.StartAsync(CancellationToken.None); // writes what is queued, so a close ends the stream

        await _parts.Repairs.StopAsync(CancellationToken.None).WaitAsync(Bound);

        Assert.True(repair.IsCompletedSuccessfully);
        Assert.Equal(SseConnectionEnd.Closed, await client.Run.WaitAsync(Bound));
        Assert.Equal(["one"], client.Data); // the client reconnects from "one" and replays
        await _parts.Scheduler.StopAsync(CancellationToken.None);
    }

    private static Task Deliver(IAsyncBatchObserver<EventBatch> stream, NamespaceEvent[] events) => stream.DeliverAsync(events);
}
