using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace SseOrleans.Abstractions;

/// <summary>
/// An event's id within one namespace: the epoch of the grain activation that assigned it and a
/// sequence number within that epoch. Written as <c>{epoch}-{sequence}</c>; clients treat it as opaque.
/// A reactivated grain starts a new, larger epoch, so an id from before can never name a newer event.
/// </summary>
[GenerateSerializer, Immutable, Alias("sse.EventId")]
public readonly record struct SseEventId([property: Id(0)] long Epoch, [property: Id(1)] long Sequence) : IComparable<SseEventId>
{
    public int CompareTo(SseEventId other) =>
        Epoch != other.Epoch ? Epoch.CompareTo(other.Epoch) : Sequence.CompareTo(other.Sequence);

    public static bool operator <(SseEventId left, SseEventId right) => left.CompareTo(right) < 0;

    public static bool operator >(SseEventId left, SseEventId right) => left.CompareTo(right) > 0;

    public static bool operator <=(SseEventId left, SseEventId right) => left.CompareTo(right) <= 0;

    public static bool operator >=(SseEventId left, SseEventId right) => left.CompareTo(right) >= 0;

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Epoch}-{Sequence}");

    public static bool TryParse([NotNullWhen(true)] string? text, out SseEventId id)
    {
        id = default;
        var dash = text?.IndexOf('-', StringComparison.Ordinal) ?? -1;
        if (dash <= 0
            || !long.TryParse(text.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var epoch)
            || !long.TryParse(text.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            return false;
        }

        id = new SseEventId(epoch, sequence);
        return true;
    }
}
