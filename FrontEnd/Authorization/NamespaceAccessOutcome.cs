namespace SseOrleans.FrontEnd.Authorization;

internal enum NamespaceAccessOutcome
{
    /// <summary>A grant allows it (until <see cref="NamespaceAccess.ExpiresAt"/>, when the credential expires).</summary>
    Allowed,

    /// <summary>The caller proved no identity, and none of the grants of an anonymous caller allows it: <c>401</c>.</summary>
    Unauthenticated,

    /// <summary>A token was sent but is not valid (signature, audience, issuer, expiry, ...): <c>401</c> <c>invalid_token</c>.</summary>
    InvalidToken,

    /// <summary>The caller is known but nothing it holds grants this: <c>403</c>.</summary>
    Forbidden,

    /// <summary>No credential could allow it (publishing from another machine with no key and no tokens configured): <c>403</c>.</summary>
    NotPossible,
}
