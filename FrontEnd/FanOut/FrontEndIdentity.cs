namespace SseOrleans.FrontEnd.FanOut;

/// <summary>This front-end process's name in subscriber reports and status pages.</summary>
internal sealed class FrontEndIdentity
{
    public string Id { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";
}
