using Microsoft.Extensions.Logging;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.Telemetry;

namespace SseOrleans.FrontEnd.FanOut;

/// <summary>
/// One repair of a feed's stream from its namespace's history: reads the page after the last delivered event,
/// hands it to the feed's <see cref="FeedOrder"/>, and goes on until nothing is missing. A history that cannot
/// be read, or that lacks what its stream already showed (it lags), is read again with backoff until
/// <see cref="SseOptions.ResubscribeTimeout"/>; then the repair gives up, and the ordering closes its
/// subscribers so that clients reconnect and replay from the last event they have. Run by
/// <see cref="FeedRepairs"/>, which reads the pages.
/// </summary>
internal sealed class HistoryRepair(HistoryRepair.PageReader readPage, TimeSpan timeout, TimeProvider time, SseMetrics metrics, ILogger logger)
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(2);

    /// <summary>Reads one page of a namespace's history after an id; cancelled when the repair must stop.</summary>
    public delegate Task<EventReplay> PageReader(string path, SseEventId after, CancellationToken cancellationToken);

    /// <summary>Repairs <paramref name="order"/> until nothing is missing, it gives up, or <paramref name="stopping"/> is cancelled. Never fails.</summary>
    public async Task RunAsync(FeedOrder order, CancellationToken stopping)
    {
        var path = order.Namespace;
        var started = time.GetTimestamp();
        var repaired = 0;
        var attempt = 0;
        var delay = FirstRetryDelay;
        long? failingSince = null;
        SseEventId? from = null;
        try
        {
            while (order.TryNextRead(out var read))
            {
                from ??= read.After;
                EventReplay? page = null;
                Exception? failure = null;
                try
                {
                    page = await readPage(path, read.After, stopping);
                }
                catch (Exception exception) when (!stopping.IsCancellationRequested)
                {
                    failure = exception;
                }

                if (page is not null && order.Apply(page, read) is { } delivered)
                {
                    repaired += delivered;
                    failingSince = null;
                    delay = FirstRetryDelay;
                    continue;
                }

                // The cluster is failing over (or the history lags its stream): try again a little later,
                // as long as clients would rather wait than reconnect.
                failingSince ??= time.GetTimestamp();
                if (time.GetElapsedTime(failingSince.Value) + delay >= timeout)
                {
                    logger.RepairGaveUp(failure, path, read.After, timeout);
                    order.GiveUp();
                    break;
                }

                logger.RepairRetrying(failure, path, read.After, ++attempt);
                await Task.Delay(delay, time, stopping);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The feed was released, or the host is stopping: nothing more is delivered past the hole.
            order.GiveUp();
        }
        catch (Exception exception)
        {
            // A defect, not the cluster: end the streams rather than keep what is held from them.
            logger.RepairFailed(exception, path);
            order.GiveUp();
        }

        if (repaired > 0)
        {
            metrics.Repaired(repaired);
            logger.Repaired(path, repaired, from.GetValueOrDefault(), time.GetElapsedTime(started));
        }
    }
}
