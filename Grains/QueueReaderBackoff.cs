using Orleans.Runtime.Providers;

namespace SseOrleans.Grains;

/// <summary>
/// How long a stream pulling agent waits before reading its queue again after a failed read: 250 ms,
/// doubling up to 2 s. Orleans' default starts at 10 s, and a memory stream queue whose grain died
/// with a silo fails exactly such reads until it is reactivated, so with the default those
/// namespaces stay silent for seconds after a silo crash.
/// </summary>
internal sealed class QueueReaderBackoff : IQueueReaderBackoffProvider
{
    private static readonly TimeSpan First = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(2);

    public TimeSpan Next(int attempt) =>
        TimeSpan.FromTicks(Math.Min(First.Ticks << Math.Clamp(attempt, 0, 4), Max.Ticks));
}
