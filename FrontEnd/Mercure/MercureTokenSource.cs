namespace SseOrleans.FrontEnd.Mercure;

/// <summary>Where the token the hub uses for a request came from.</summary>
internal enum MercureTokenSource
{
    /// <summary>No credential: an anonymous caller.</summary>
    None,

    /// <summary><c>Authorization: Bearer</c>.</summary>
    Header,

    /// <summary>The <c>authorization</c> query parameter (taken out of the request before anything logged it).</summary>
    Query,

    /// <summary>The <c>mercureAuthorization</c> cookie (<c>Sse:Auth:CookieName</c>): a publish so authenticated passes the CSRF check first.</summary>
    Cookie,
}
