namespace SseOrleans.FrontEnd.Authorization;

/// <summary>The answer to "may this request do that to this namespace", with a one-line reason when not.</summary>
internal sealed record NamespaceAccess(NamespaceAccessOutcome Outcome, string? Reason = null, DateTimeOffset? ExpiresAt = null)
{
    public bool Allowed => Outcome == NamespaceAccessOutcome.Allowed;
}
