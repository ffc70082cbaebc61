namespace SseOrleans.FrontEnd.Admin;

/// <summary>One local connection, with the ancestor's field names.</summary>
internal sealed record ConnectionStatus(
    string RequestPath,
    string Namespace,
    DateTimeOffset CreatedAt,
    string? ClientIp,
    string? UserAgent,
    long MsgsSent);
