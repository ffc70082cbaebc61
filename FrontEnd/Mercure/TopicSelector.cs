using System.Diagnostics.CodeAnalysis;

namespace SseOrleans.FrontEnd.Mercure;

/// <summary>
/// A topic selector, compiled once: <c>*</c> matches every topic; any selector matches the topic that is
/// the same string; a selector that is a URI template (it has a <c>{</c> and parses) also matches what
/// <see cref="UriTemplateMatcher"/> says; anything else matches only itself. Mercure's steps, in its order.
/// A selector from a token's <c>{"match": ...}</c> object is exact (Mercure 1.0): never a template.
/// </summary>
internal sealed class TopicSelector : IEquatable<TopicSelector>
{
    public const string Wildcard = "*";

    private readonly UriTemplateMatcher? _template;

    private TopicSelector(string raw, TopicSelectorKind kind, UriTemplateMatcher? template)
    {
        Raw = raw;
        Kind = kind;
        _template = template;
    }

    public string Raw { get; }

    public TopicSelectorKind Kind { get; }

    /// <summary>
    /// How many leading characters every topic this selector matches shares with <see cref="Raw"/>: all of
    /// them for an exact selector, those before the first expression of a template, none for <c>*</c>.
    /// </summary>
    public int LiteralPrefixLength => Kind switch
    {
        TopicSelectorKind.Template => _template!.LiteralPrefixLength,
        TopicSelectorKind.Exact => Raw.Length,
        _ => 0,
    };

    /// <summary>A selector as a subscriber's <c>topic</c> parameter or a token's string gives it.</summary>
    public static TopicSelector Parse(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        if (raw == Wildcard)
        {
            return new TopicSelector(raw, TopicSelectorKind.Everything, null);
        }

        return UriTemplateMatcher.TryCompile(raw, out var template)
            ? new TopicSelector(raw, TopicSelectorKind.Template, template)
            : new TopicSelector(raw, TopicSelectorKind.Exact, null);
    }

    /// <summary>A selector that is never a template (<c>*</c> still matches everything).</summary>
    public static TopicSelector ParseExact(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        return new TopicSelector(raw, raw == Wildcard ? TopicSelectorKind.Everything : TopicSelectorKind.Exact, null);
    }

    public bool Matches(string topic) =>
        Kind == TopicSelectorKind.Everything
        || string.Equals(topic, Raw, StringComparison.Ordinal)
        || (_template is not null && _template.IsMatch(topic));

    public bool Equals([NotNullWhen(true)] TopicSelector? other) =>
        other is not null && other.Kind == Kind && string.Equals(other.Raw, Raw, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as TopicSelector);

    public override int GetHashCode() => HashCode.Combine(Kind, StringComparer.Ordinal.GetHashCode(Raw));

    public override string ToString() => Raw;
}
