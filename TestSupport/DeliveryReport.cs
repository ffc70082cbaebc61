using System.Globalization;

namespace SseOrleans.TestSupport;

/// <summary>The figures of a <see cref="DeliveryCheck"/>, and the first subscribers' problems.</summary>
public sealed record DeliveryReport(int Accepted, int Failed, long Lost, long Duplicated, long IdBreaks, long EpochChanges, IReadOnlyList<string> Problems)
{
    public bool Clean => Lost == 0 && Duplicated == 0 && IdBreaks == 0 && Problems.Count == 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"\"accepted\": {Accepted}, \"failed\": {Failed}, \"lost\": {Lost}, \"duplicated\": {Duplicated}, \"id_breaks\": {IdBreaks}, \"epoch_changes\": {EpochChanges}");
}
