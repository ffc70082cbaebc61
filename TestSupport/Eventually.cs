namespace SseOrleans.TestSupport;

/// <summary>
/// Waits for a condition that has no event to await (a count reported on a timer, a process that
/// becomes healthy): polls it until it holds or the deadline passes, then fails with what it saw last.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>Polls <paramref name="actual"/> until it equals <paramref name="expected"/>; at the deadline, asserts that it does.</summary>
    public static async Task<T> EqualAsync<T>(T expected, Func<Task<T>> actual, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? DefaultTimeout);
        var last = await actual();
        while (!EqualityComparer<T>.Default.Equals(expected, last))
        {
            if (deadline.IsCancellationRequested)
            {
                Assert.Equal(expected, last);
            }

            await Task.Delay(DefaultInterval, CancellationToken.None);
            last = await actual();
        }

        return last;
    }

    /// <summary>
    /// Polls <paramref name="probe"/> until <paramref name="condition"/> holds for its value and returns
    /// that value. The probe gets a token that ends at the deadline (or with <paramref name="cancellationToken"/>).
    /// </summary>
    public static async Task<T> MatchAsync<T>(
        Func<CancellationToken, Task<T>> probe,
        Func<T, bool> condition,
        string because,
        TimeSpan? timeout = null,
        TimeSpan? interval = null,
        CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout ?? DefaultTimeout);
        var last = default(T);
        try
        {
            while (true)
            {
                last = await probe(deadline.Token);
                if (condition(last))
                {
                    return last;
                }

                await Task.Delay(interval ?? DefaultInterval, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"Still waiting for {because} when the deadline passed; last seen: {last?.ToString() ?? "nothing"}");
        }
    }
}
