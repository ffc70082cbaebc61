namespace SseOrleans.FrontEnd.Mercure;

/// <summary>
/// Who a hub request comes from: its grants (<see cref="MercureGrants.None"/> for an anonymous caller), where its
/// token came from, and until when its token is valid (a subscription ends then); or why it is refused.
/// </summary>
internal sealed record MercureCaller(MercureGrants Grants, MercureTokenSource Source, DateTimeOffset? ExpiresAt, MercureRefusal? Refusal)
{
    public static MercureCaller Refused(MercureRefusal refusal) => new(MercureGrants.None, MercureTokenSource.None, null, refusal);
}
