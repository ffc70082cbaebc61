using System.Diagnostics.CodeAnalysis;

namespace SseOrleans.FrontEnd.Mercure;

/// <summary>
/// Selectors as one value: in a canonical order, each once, so that two connections that gave the same
/// selectors (in any order, any repeats) hold equal sets and an update is matched once for both.
/// </summary>
internal sealed class TopicSelectorSet : IEquatable<TopicSelectorSet>
{
    private readonly TopicSelector[] _selectors;
    private readonly int _hash;

    private TopicSelectorSet(TopicSelector[] selectors)
    {
        _selectors = selectors;
        var hash = new HashCode();
        foreach (var selector in selectors)
        {
            hash.Add(selector);
            HasEverything |= selector.Kind == TopicSelectorKind.Everything;
        }

        _hash = hash.ToHashCode();
    }

    public static TopicSelectorSet Empty { get; } = new([]);

    public IReadOnlyList<TopicSelector> Selectors => _selectors;

    public bool IsEmpty => _selectors.Length == 0;

    /// <summary>True when <c>*</c> is one of the selectors.</summary>
    public bool HasEverything { get; }

    public static TopicSelectorSet Of(IEnumerable<TopicSelector> selectors)
    {
        ArgumentNullException.ThrowIfNull(selectors);
        var distinct = selectors.Distinct().ToArray();
        Array.Sort(distinct, static (a, b) =>
            string.CompareOrdinal(a.Raw, b.Raw) is var byRaw and not 0 ? byRaw : a.Kind.CompareTo(b.Kind));
        return distinct.Length == 0 ? Empty : new TopicSelectorSet(distinct);
    }

    /// <summary>Every string of <paramref name="raw"/> read as a selector (<see cref="TopicSelector.Parse"/>).</summary>
    public static TopicSelectorSet Parse(IEnumerable<string> raw) => Of(raw.Select(TopicSelector.Parse));

    /// <summary>True when a selector matches <paramref name="topic"/>.</summary>
    public bool Matches(string topic)
    {
        if (HasEverything)
        {
            return true;
        }

        foreach (var selector in _selectors)
        {
            if (selector.Matches(topic))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when a selector matches one of <paramref name="topics"/>.</summary>
    public bool MatchesAny(IReadOnlyList<string> topics)
    {
        ArgumentNullException.ThrowIfNull(topics);
        for (var i = 0; i < topics.Count; i++)
        {
            if (Matches(topics[i]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The first of <paramref name="topics"/> that no selector matches; null when each is matched.</summary>
    public string? FirstUnmatched(IReadOnlyList<string> topics)
    {
        ArgumentNullException.ThrowIfNull(topics);
        for (var i = 0; i < topics.Count; i++)
        {
            if (!Matches(topics[i]))
            {
                return topics[i];
            }
        }

        return null;
    }

    public bool Equals([NotNullWhen(true)] TopicSelectorSet? other) =>
        other is not null && other._hash == _hash && other._selectors.AsSpan().SequenceEqual(_selectors);

    public override bool Equals(object? obj) => Equals(obj as TopicSelectorSet);

    public override int GetHashCode() => _hash;

    public override string ToString() => string.Join(' ', _selectors.Select(selector => selector.Raw));
}
