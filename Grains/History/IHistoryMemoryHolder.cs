namespace SseOrleans.Grains.History;

/// <summary>A history whose events count against the <see cref="HistoryMemoryBudget"/>, and which sheds them when it asks.</summary>
internal interface IHistoryMemoryHolder
{
    /// <summary>The budget's stamp of this history's last append or read (<see cref="HistoryMemoryBudget.NextUse"/>).</summary>
    long LastUse { get; }

    /// <summary>Drops the oldest events until at least <paramref name="cost"/> is freed or none is left; returns what was freed. Thread-safe.</summary>
    long Shed(long cost);
}
