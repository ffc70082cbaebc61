using System.Collections.Concurrent;

namespace SseOrleans.Grains.Tests;

/// <summary>
/// Makes chosen grain calls behave as if their answer was lost on the way back: the call runs, then the
/// caller sees a <see cref="TimeoutException"/>, as when the response timed out. Deterministic, unlike a
/// real timeout. Registered as an outgoing filter in the test silos (grain-to-grain calls) and clients.
/// </summary>
internal sealed class LostAnswers : IOutgoingGrainCallFilter
{
    private static readonly ConcurrentDictionary<(string Key, string Method), int> Pending = new();

    /// <summary>The next <paramref name="times"/> answers of <paramref name="method"/> on the grain keyed <paramref name="key"/> are lost.</summary>
    public static void Lose(string key, string method, int times = 1) => Pending[(key, method)] = times;

    /// <summary>How many of those answers are still to be lost.</summary>
    public static int Left(string key, string method) => Pending.GetValueOrDefault((key, method));

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        await context.Invoke();
        var call = (context.TargetId.Key.ToString(), context.MethodName);
        if (Pending.TryGetValue(call, out var left) && left > 0 && Pending.TryUpdate(call, left - 1, left))
        {
            throw new TimeoutException($"Injected: the answer to {call.MethodName} on {call.Item1} was lost.");
        }
    }
}
