namespace SseOrleans.Grains.History;

/// <summary>Which generation of <c>retention</c> a time falls in: what is current and what previous, in memory and in Redis.</summary>
internal static class RetentionGeneration
{
    public static long Of(DateTimeOffset now, TimeSpan retention) => now.ToUnixTimeMilliseconds() / (long)retention.TotalMilliseconds;
}
