using SseOrleans.Abstractions;

namespace SseOrleans.Grains;

/// <summary>
/// The active Mercure subscriptions of each front-end, under that front-end's lease: a front-end whose lease has
/// run out is unknown (its reports are refused until it sends its whole list again) and its subscriptions are
/// handed out once, by <see cref="TakeExpired"/>, for their end to be announced.
/// </summary>
internal sealed class MercureSubscriptionTable(TimeProvider time)
{
    private readonly Dictionary<string, FrontEndSubscriptions> _frontEnds = new(StringComparer.Ordinal);

    /// <summary>Renews <paramref name="frontEnd"/>'s lease; false (nothing renewed) when it is unknown or its lease ran out.</summary>
    public bool Renew(string frontEnd, TimeSpan lease)
    {
        var now = time.GetUtcNow();
        if (!_frontEnds.TryGetValue(frontEnd, out var subscriptions) || subscriptions.Expires <= now)
        {
            return false;
        }

        subscriptions.Expires = now + lease;
        return true;
    }

    /// <summary>Makes <paramref name="entries"/> the whole list of <paramref name="frontEnd"/>, under a new lease.</summary>
    public void Replace(string frontEnd, IEnumerable<MercureSubscriptionEntry> entries, TimeSpan lease)
    {
        var subscriptions = new FrontEndSubscriptions { Expires = time.GetUtcNow() + lease };
        foreach (var entry in entries)
        {
            subscriptions.Entries[entry.Id] = entry;
        }

        _frontEnds[frontEnd] = subscriptions;
    }

    /// <summary>Applies a change of a known front-end (see <see cref="Renew"/>).</summary>
    public void Apply(string frontEnd, MercureSubscriptionChange change)
    {
        var entries = _frontEnds[frontEnd].Entries;
        if (change.Active)
        {
            entries[change.Entry.Id] = change.Entry;
        }
        else
        {
            entries.Remove(change.Entry.Id);
        }
    }

    /// <summary>Forgets every front-end whose lease has run out; returns them with their subscriptions.</summary>
    public List<(string FrontEnd, MercureSubscriptionEntry[] Entries)> TakeExpired()
    {
        var now = time.GetUtcNow();
        var expired = new List<(string, MercureSubscriptionEntry[])>();
        foreach (var (frontEnd, subscriptions) in _frontEnds)
        {
            if (subscriptions.Expires <= now)
            {
                expired.Add((frontEnd, [.. subscriptions.Entries.Values]));
            }
        }

        foreach (var (frontEnd, _) in expired)
        {
            _frontEnds.Remove(frontEnd);
        }

        return expired;
    }

    /// <summary>The subscriptions of live leases with <paramref name="selector"/> (any when null) and <paramref name="subscriber"/> (any when null), by id.</summary>
    public MercureSubscriptionEntry[] List(string? selector, string? subscriber)
    {
        var now = time.GetUtcNow();
        var found = new List<MercureSubscriptionEntry>();
        foreach (var subscriptions in _frontEnds.Values)
        {
            if (subscriptions.Expires <= now)
            {
                continue;
            }

            foreach (var entry in subscriptions.Entries.Values)
            {
                if ((selector is null || entry.Selector == selector) && (subscriber is null || entry.Subscriber == subscriber))
                {
                    found.Add(entry);
                }
            }
        }

        found.Sort(static (a, b) => string.CompareOrdinal(a.Id, b.Id));
        return [.. found];
    }

    private sealed class FrontEndSubscriptions
    {
        public Dictionary<string, MercureSubscriptionEntry> Entries { get; } = new(StringComparer.Ordinal);

        public DateTimeOffset Expires { get; set; }
    }
}
