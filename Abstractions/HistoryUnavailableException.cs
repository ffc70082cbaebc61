namespace SseOrleans.Abstractions;

/// <summary>
/// A namespace could not write its history (Redis did not answer or refused the write), so the events
/// were not accepted. Nothing was numbered by a write that failed cleanly; one that timed out may still
/// happen before its publish's deadline (or at any time, for a publish without one), which is why a retry must
/// carry the same publish id.
/// </summary>
[GenerateSerializer, Alias("sse.HistoryUnavailableException")]
public sealed class HistoryUnavailableException : OrleansException
{
    public HistoryUnavailableException()
    {
    }

    public HistoryUnavailableException(string message)
        : base(message)
    {
    }

    public HistoryUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
