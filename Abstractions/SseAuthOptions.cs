namespace SseOrleans.Abstractions;

/// <summary>
/// <c>Sse:Auth</c>: JWT bearer tokens for subscribers and publishers, signed either with a shared secret
/// (<see cref="SigningKey"/>, HS256) or by an OpenID Connect authority whose published keys verify them
/// (<see cref="Authority"/> + <see cref="Audience"/>, RS256/ES256 and the other asymmetric algorithms).
/// Neither set: no token is read and access is what <see cref="SseAnonymousOptions"/> and the publish rule give.
/// Checked by <see cref="SseOptionsValidator"/>.
/// </summary>
public sealed class SseAuthOptions
{
    /// <summary>The fewest UTF-8 bytes an HS256 secret may have: the size of the hash (RFC 7518, 3.2).</summary>
    public const int MinSigningKeyBytes = 32;

    /// <summary>The default name of the cookie a browser's <c>EventSource</c> carries the token in (Mercure's).</summary>
    public const string DefaultCookieName = "mercureAuthorization";

    /// <summary>The HS256 shared secret tokens are signed with (at least 32 UTF-8 bytes).</summary>
    public string? SigningKey { get; set; }

    /// <summary>
    /// An OpenID Connect authority (issuer URL): its <c>/.well-known/openid-configuration</c> names the keys
    /// and the issuer tokens must have. <c>https</c>, or <c>http</c> for a loopback host only.
    /// </summary>
    public string? Authority { get; set; }

    /// <summary>The <c>aud</c> tokens must carry: required with <see cref="Authority"/>, checked with <see cref="SigningKey"/> when set.</summary>
    public string? Audience { get; set; }

    /// <summary>The <c>iss</c> tokens signed with <see cref="SigningKey"/> must carry, when set (an authority names its own).</summary>
    public string? Issuer { get; set; }

    /// <summary>How far a token's <c>exp</c> and <c>nbf</c> may be off this clock; a stream ends at <c>exp</c> plus this.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whether a token must have an <c>exp</c>. Mercure 0.x's example tokens have none: set false to accept
    /// them (such a stream never ends for its token's sake).
    /// </summary>
    public bool RequireExpiration { get; set; } = true;

    /// <summary>The cookie a token may come in (for <c>EventSource</c>, which cannot set headers).</summary>
    public string CookieName { get; set; } = DefaultCookieName;

    /// <summary>True when tokens are read: a signing key or an authority is configured.</summary>
    public bool IsConfigured => !string.IsNullOrEmpty(SigningKey) || !string.IsNullOrEmpty(Authority);
}
