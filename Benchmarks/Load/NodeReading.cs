namespace SseOrleans.Benchmarks.Load;

/// <summary>
/// One <see cref="ClusterNode"/> at one instant: CPU used so far, the cgroup's CFS periods in which it ran
/// and those in which it was throttled (0 without a cgroup), and RSS in KB (-1 when unknown).
/// </summary>
internal readonly record struct NodeReading(TimeSpan Cpu, long Periods, long Throttled, long RssKb);
