namespace SseOrleans.FrontEnd.Admin;

/// <summary>One local connection, with the ancestor's field names. Times are Unix seconds, as there.</summary>
internal sealed record ConnectionStatus(
    string RequestPath,
    string Namespace,
    long CreatedAt,
    string? ClientIp,
    string? UserAgent,
    long MsgsSent);
