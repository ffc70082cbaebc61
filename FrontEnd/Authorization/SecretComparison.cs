using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace SseOrleans.FrontEnd.Authorization;

/// <summary>
/// How the publish key and the admin key are checked, the same way for both: a presented secret and
/// the configured one are each hashed (SHA-256) and the hashes compared in constant time, so neither
/// the key's content nor its length shows in how long a refusal takes.
/// </summary>
internal static class SecretComparison
{
    private const string BearerScheme = "Bearer ";

    /// <summary>True when <paramref name="presented"/> is <paramref name="secret"/>.</summary>
    public static bool Matches(string? presented, string secret) =>
        presented is not null && HashMatches(Hash(presented), secret);

    /// <summary>True when <paramref name="presentedHash"/> (a <see cref="Hash"/>, e.g. from a cookie) is that of <paramref name="secret"/>.</summary>
    public static bool HashMatches(string? presentedHash, string secret) =>
        presentedHash is not null && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(presentedHash), Encoding.ASCII.GetBytes(Hash(secret)));

    /// <summary>The hex SHA-256 of a secret: what a cookie may hold instead of the secret itself.</summary>
    public static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>The credential of an <c>Authorization: Bearer ...</c> header, if the request has one.</summary>
    public static string? BearerToken(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith(BearerScheme, StringComparison.OrdinalIgnoreCase)
            ? authorization[BearerScheme.Length..].Trim()
            : null;
    }
}
