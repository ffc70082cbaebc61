using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SseOrleans.Abstractions;

namespace SseOrleans.FrontEnd.FanOut;

/// <summary>
/// Finds lost last events: a hole in a stream shows when the next event comes, but an event lost with
/// nothing after it never would. So every <see cref="SseOptions.GapCheckInterval"/>, each feed that
/// delivered nothing for the whole interval asks its namespace for its newest id (one cheap grain call)
/// and repairs from the history what it is behind. A lost last event is so found at most two intervals
/// after its feed's last delivery (the first check that finds the feed quiet), plus the calls. Busy feeds
/// are not asked: they find holes by sequence. One timer for the process, a bounded number of calls in flight.
/// </summary>
internal sealed class GapCheck(FanOutHub hub, IOptions<SseOptions> options, TimeProvider time) : BackgroundService
{
    private const int MaxChecksInFlight = 16;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.GapCheckInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var quiet = Array.FindAll(hub.Feeds(), feed => feed.TakeIdle());
            await Parallel.ForEachAsync(
                quiet,
                new ParallelOptions { MaxDegreeOfParallelism = MaxChecksInFlight, CancellationToken = stoppingToken },
                async (feed, _) => await feed.CheckNewestAsync());
        }
    }
}
