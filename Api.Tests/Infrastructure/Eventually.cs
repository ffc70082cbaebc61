namespace SseOrleans.Api.Tests.Infrastructure;

/// <summary>Waits for a condition that has no event to await (e.g. a count reported on a timer).</summary>
internal static class Eventually
{
    public static async Task<T> EqualAsync<T>(T expected, Func<Task<T>> actual)
    {
        using var deadline = new CancellationTokenSource(SseClient.Timeout);
        var last = await actual();
        while (!EqualityComparer<T>.Default.Equals(expected, last))
        {
            if (deadline.IsCancellationRequested)
            {
                Assert.Equal(expected, last);
            }

            await Task.Delay(20, CancellationToken.None);
            last = await actual();
        }

        return last;
    }
}
