namespace SseOrleans.FrontEnd.FanOut;

/// <summary>This front-end process's name in subscriber reports and status pages, and when it started.</summary>
internal sealed class FrontEndIdentity(TimeProvider time)
{
    public string Id { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    public DateTimeOffset StartedAt { get; } = time.GetUtcNow();
}
