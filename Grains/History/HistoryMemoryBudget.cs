using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SseOrleans.Abstractions;

namespace SseOrleans.Grains.History;

/// <summary>
/// The one ceiling on what the in-memory histories of this process hold (<c>Sse:History:MaxMemoryBytes</c>).
/// Histories charge what they keep and credit what they drop; a history that takes the total over the
/// ceiling has the least recently used histories (itself last) lose their oldest events until the total is
/// an eighth below it, so that trims come in batches rather than on every event. Publishes are never refused
/// for it: the live stream does not need the history, and what a trim took is announced to a client that
/// asks for it (its replay, or a front-end's repair, says the events are no longer retained).
/// </summary>
internal sealed class HistoryMemoryBudget
{
    // What one retained event costs beyond its characters: the event and its string objects, its slots.
    private const int EventOverhead = 128;

    private readonly Lock _holdersGate = new();
    private readonly Lock _trimming = new();
    private readonly HashSet<IHistoryMemoryHolder> _holders = new(ReferenceEqualityComparer.Instance);
    private readonly ILogger<HistoryMemoryBudget> _logger;
    private long _used;
    private long _uses;

    public HistoryMemoryBudget(IOptions<SseOptions> options, ILogger<HistoryMemoryBudget> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = logger;
        var configured = options.Value.History.MaxMemoryBytes;
        Ceiling = configured ?? (long)(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes * SseHistoryOptions.DefaultMemoryShare);
        logger.HistoryMemoryCeiling(Ceiling, configured is null ? "a quarter of the memory available to the process" : "Sse:History:MaxMemoryBytes");
    }

    /// <summary>The most the histories may hold, in the units of <see cref="CostOf"/>.</summary>
    public long Ceiling { get; }

    /// <summary>What the histories hold now.</summary>
    public long Used => Volatile.Read(ref _used);

    /// <summary>What keeping <paramref name="item"/> costs: two bytes a character of its data and name, and a fixed overhead.</summary>
    public static long CostOf(NamespaceEvent item) =>
        EventOverhead + (2L * (item.Data.Length + (item.Name?.Length ?? 0)));

    /// <summary>A stamp that orders uses: a holder with a smaller one was used less recently.</summary>
    public long NextUse() => Interlocked.Increment(ref _uses);

    /// <summary>A history that holds events, and from now on may be asked to shed them; once, before it first charges.</summary>
    public void Track(IHistoryMemoryHolder holder)
    {
        lock (_holdersGate)
        {
            _holders.Add(holder);
        }
    }

    /// <summary>What a history took.</summary>
    public void Charge(long cost) => Interlocked.Add(ref _used, cost);

    /// <summary>What a history dropped.</summary>
    public void Credit(long cost) => Interlocked.Add(ref _used, -cost);

    /// <summary>A history that is gone (its activation ended) and has credited all it held.</summary>
    public void Forget(IHistoryMemoryHolder holder)
    {
        lock (_holdersGate)
        {
            _holders.Remove(holder);
        }
    }

    /// <summary>
    /// Called by a history after it charged, outside its own lock: when the total is over the ceiling, the
    /// least recently used histories shed their oldest events until it is an eighth below.
    /// </summary>
    public void Enforce()
    {
        if (Used <= Ceiling)
        {
            return;
        }

        lock (_trimming)
        {
            var before = Used;
            if (before <= Ceiling)
            {
                return;
            }

            IHistoryMemoryHolder[] holders;
            lock (_holdersGate)
            {
                holders = [.. _holders];
            }

            // Stamps are read once: they change while the sort runs.
            var lastUses = new long[holders.Length];
            for (var i = 0; i < holders.Length; i++)
            {
                lastUses[i] = holders[i].LastUse;
            }

            Array.Sort(lastUses, holders);
            var target = Ceiling - (Ceiling / 8);
            var trimmed = 0;
            foreach (var holder in holders)
            {
                var over = Used - target;
                if (over <= 0)
                {
                    break;
                }

                if (holder.Shed(over) > 0)
                {
                    trimmed++;
                }
            }

            _logger.HistoriesTrimmed(before, Ceiling, trimmed, Used);
        }
    }
}
