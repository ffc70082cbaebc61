using System.Diagnostics;
using System.Globalization;
using SseOrleans.Abstractions;

namespace SseOrleans.TestSupport;

/// <summary>
/// What a set of <see cref="RecordingSubscriber"/>s got against what their publishers were answered. A
/// subscriber is due every accepted (<c>202</c>) event of its subtree whose publish started after its first
/// connection was answered: it must get each exactly once, nothing no publisher sent, and ids that, within an
/// epoch, follow each other without a hole or a step back, across its reconnections too.
/// </summary>
public static class DeliveryCheck
{
    private const int ProblemsKept = 20;

    /// <summary>Whether <paramref name="subscriber"/> must get <paramref name="outcome"/>'s event.</summary>
    public static bool IsDue(RecordingSubscriber subscriber, PublishOutcome outcome) =>
        outcome.Accepted
        && outcome.Started >= subscriber.Opened
        && (outcome.Path == subscriber.Path || subscriber.Path == "/"
            || outcome.Path.StartsWith(subscriber.Path + "/", StringComparison.Ordinal));

    /// <summary>When every subscriber had every event due to it, or null if <paramref name="bound"/> passed first.</summary>
    public static async Task<long?> WaitForAllAsync(
        IReadOnlyList<RecordingSubscriber> subscribers, IReadOnlyCollection<PublishOutcome> outcomes, TimeSpan bound)
    {
        var due = subscribers.Select(s => outcomes.Where(o => IsDue(s, o)).Select(o => o.Data).ToHashSet(StringComparer.Ordinal)).ToArray();
        var deadline = Stopwatch.GetTimestamp() + (long)(bound.TotalSeconds * Stopwatch.Frequency);
        for (var i = 0; i < subscribers.Count;)
        {
            if (subscribers[i].HasAll(due[i]))
            {
                i++;
                continue;
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                return null;
            }

            // Polling with a deadline: "every subscriber has everything" is no single event to await.
            await Task.Delay(100);
        }

        return Stopwatch.GetTimestamp();
    }

    public static DeliveryReport Check(IEnumerable<RecordingSubscriber> subscribers, IReadOnlyCollection<PublishOutcome> outcomes)
    {
        var sent = outcomes.Select(o => o.Data).ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        long lost = 0, duplicated = 0, idBreaks = 0, epochChanges = 0;
        foreach (var subscriber in subscribers)
        {
            var received = subscriber.Received();
            var counts = received.GroupBy(r => r.Data, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            var missing = outcomes.Where(o => IsDue(subscriber, o) && !counts.ContainsKey(o.Data)).Select(o => o.Data).ToArray();
            var repeated = counts.Where(c => c.Value > 1).Select(c => c.Key).ToArray();
            var repeatedIds = repeated.Take(5).Select(d => Copies(received, outcomes, d));
            var foreign = counts.Keys.Where(d => !sent.Contains(d)).ToArray();
            var breaks = IdBreaks(received.Select(r => r.Id).ToArray(), out var changes);
            lost += missing.Length;
            duplicated += repeated.Sum(d => counts[d] - 1);
            idBreaks += breaks.Count;
            epochChanges += changes;
            if (missing.Length + repeated.Length + foreign.Length + breaks.Count > 0 && problems.Count < ProblemsKept)
            {
                problems.Add($"{subscriber}: missing {missing.Length} [{Few(missing)}] repeated {repeated.Length} [{Few(repeatedIds)}] not published [{Few(foreign)}] id breaks [{Few(breaks)}]");
            }
        }

        return new DeliveryReport(outcomes.Count(o => o.Accepted), outcomes.Count(o => !o.Accepted), lost, duplicated, idBreaks, epochChanges, problems);
    }

    // Consecutive ids within an epoch differ by one; a later epoch may follow (the history was lost, and the
    // stream said so), an earlier one may not.
    private static List<string> IdBreaks(string?[] ids, out int epochChanges)
    {
        var breaks = new List<string>();
        epochChanges = 0;
        SseEventId? previous = null;
        foreach (var text in ids)
        {
            if (!SseEventId.TryParse(text, out var id))
            {
                breaks.Add($"unreadable id '{text}'");
                continue;
            }

            if (previous is { } last)
            {
                if (id.Epoch > last.Epoch)
                {
                    epochChanges++;
                }
                else if (id.Epoch < last.Epoch || id.Sequence != last.Sequence + 1)
                {
                    breaks.Add($"{last} then {id}");
                }
            }

            previous = id;
        }

        return breaks;
    }

    // A repeated event's ids, how far apart its copies arrived, and how its publish went.
    private static string Copies((string Data, string? Id, long Arrived)[] received, IReadOnlyCollection<PublishOutcome> outcomes, string data)
    {
        var copies = received.Where(r => r.Data == data).ToArray();
        var apart = Stopwatch.GetElapsedTime(copies[0].Arrived, copies[^1].Arrived).TotalSeconds;
        var publish = outcomes.FirstOrDefault(o => o.Data == data) is { } outcome
            ? string.Create(CultureInfo.InvariantCulture, $"{outcome.Attempts} attempts over {Stopwatch.GetElapsedTime(outcome.Started, outcome.Finished).TotalSeconds:F1} s, {outcome.Status?.ToString() ?? outcome.Failure}")
            : "not sent";
        return string.Create(CultureInfo.InvariantCulture, $"{data}@{string.Join(',', copies.Select(c => c.Id))} arrived {apart:F1} s apart ({publish})");
    }

    private static string Few(IEnumerable<string> items) => string.Join(' ', items.Take(10));
}
