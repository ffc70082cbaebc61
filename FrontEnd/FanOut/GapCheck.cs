using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SseOrleans.Abstractions;

namespace SseOrleans.FrontEnd.FanOut;

/// <summary>
/// Finds lost last events: a hole in a stream shows when the next event comes, but an event lost with
/// nothing after it never would. So every <see cref="SseOptions.GapCheckInterval"/> the feeds are handed to
/// <see cref="FeedRepairs"/>, and each that delivered nothing for the whole interval asks its namespace for
/// its newest id (one cheap grain call) and repairs from the history what it is behind. A lost last event is
/// so found at most two intervals after its feed's last delivery (the first check that finds the feed
/// quiet), plus the calls. Busy feeds are not asked: they find holes by sequence.
/// </summary>
internal sealed class GapCheck(FanOutHub hub, FeedRepairs repairs, IOptions<SseOptions> options, TimeProvider time, ILogger<GapCheck> logger)
    : PeriodicBackgroundService(options.Value.GapCheckInterval, time)
{
    protected override Task RunOnceAsync(CancellationToken stoppingToken) =>
        repairs.CheckQuietAsync(Array.ConvertAll(hub.Feeds(), feed => feed.Order), stoppingToken);

    protected override void RoundFailed(Exception exception) => logger.GapCheckFailed(exception);
}
