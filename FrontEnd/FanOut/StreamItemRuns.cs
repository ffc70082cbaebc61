using Orleans.Streams;
using SseOrleans.Abstractions;

namespace SseOrleans.FrontEnd.FanOut;

/// <summary>
/// Joins the stream items of one delivery whose events follow one another (the next sequence of the same
/// epoch) into one batch of at most a page of data. The pulling agent hands a feed everything that piled up
/// while it was busy in one delivery, so a feed behind its stream writes one batch per subscriber instead of
/// one per item: the cost per event falls as the load grows. Items that do not follow (another silo's,
/// crossing these) stay apart, for the feed's ordering to judge.
/// </summary>
internal static class StreamItemRuns
{
    public static List<NamespaceEvent[]> Join(IList<SequentialItem<EventBatch>> items, int pageChars)
    {
        ArgumentNullException.ThrowIfNull(items);
        var runs = new List<NamespaceEvent[]>(1);
        var run = new List<NamespaceEvent>();
        var chars = 0L;
        foreach (var item in items)
        {
            var events = item.Item.Events;
            if (events.Length == 0)
            {
                continue;
            }

            var size = 0L;
            foreach (var e in events)
            {
                size += e.Data.Length;
            }

            if (run.Count > 0 && (!Follows(run[^1].Id, events[0].Id) || chars + size > pageChars))
            {
                runs.Add([.. run]);
                run.Clear();
                chars = 0;
            }

            run.AddRange(events);
            chars += size;
        }

        if (run.Count > 0)
        {
            runs.Add([.. run]);
        }

        return runs;
    }

    private static bool Follows(SseEventId last, SseEventId next) => next.Epoch == last.Epoch && next.Sequence == last.Sequence + 1;
}
