using Microsoft.Extensions.Time.Testing;

namespace SseOrleans.Api.Tests.FanOut;

internal static class FakeClock
{
    /// <summary>
    /// Moves <paramref name="time"/> on in steps until <paramref name="awaited"/> completes. A timer or a
    /// retry's delay can only be moved once it has been set, which happens on another thread after what
    /// the test did; so the clock moves a step, gives that thread a moment, and moves again.
    /// </summary>
    public static async Task AdvanceUntilAsync(this FakeTimeProvider time, Task awaited, TimeSpan step, CancellationToken cancellationToken)
    {
        while (!awaited.IsCompleted)
        {
            cancellationToken.ThrowIfCancellationRequested();
            time.Advance(step);
            await Task.WhenAny(awaited, Task.Delay(5, CancellationToken.None));
        }

        await awaited;
    }
}
