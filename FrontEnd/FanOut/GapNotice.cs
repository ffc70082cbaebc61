using Microsoft.Extensions.Logging;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.Telemetry;

namespace SseOrleans.FrontEnd.FanOut;

/// <summary>
/// What a feed's clients are told when delivery does not simply go on from the last event: the history no
/// longer had the events between, or it restarted in a new epoch. Each such hole is counted and logged once,
/// here, when the ordering delivers past it.
/// </summary>
internal static class GapNotice
{
    /// <summary>The comment before <paramref name="first"/> when <paramref name="last"/> was delivered before it; null when nothing was lost.</summary>
    public static string? Describe(string path, SseEventId last, SseEventId first, SseMetrics metrics, ILogger logger)
    {
        if (first.Epoch == last.Epoch || last.Epoch == 0)
        {
            // Within the epoch (or from a namespace that had no event when the feed began), the ids between are known.
            var lost = first.Epoch == last.Epoch ? first.Sequence - last.Sequence - 1 : first.Sequence - 1;
            if (lost <= 0)
            {
                return null;
            }

            metrics.EventsLost(lost);
            logger.EventsLost(path, lost, last, first);
            return first.Epoch == last.Epoch
                ? $"events lost: {lost} after {last} are no longer in the history of {path}; continuing with {first}"
                : $"events lost: {lost} before {first} are no longer in the history of {path}";
        }

        metrics.EventsLost(first.Sequence - 1);
        logger.HistoryRestarted(path, first.Epoch, last);
        return $"history of {path} restarted (epoch {first.Epoch}); events before it are gone";
    }
}
