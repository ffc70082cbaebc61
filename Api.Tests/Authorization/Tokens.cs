using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace SseOrleans.Api.Tests.Authorization;

/// <summary>JWTs as an application's backend mints them for a Mercure hub: a <c>mercure</c> claim with the grants.</summary>
internal static class Tokens
{
    public const string SigningKey = "tests-only-shared-secret-of-32+-bytes";
    public const string Audience = "sse-tests";

    public static string Hs256(
        string[]? subscribe = null,
        string[]? publish = null,
        DateTimeOffset? expires = null,
        string signingKey = SigningKey,
        string? audience = Audience,
        string? subject = null) =>
        Create(Claims(subscribe, publish, subject), expires, audience, new SigningCredentials(Symmetric(signingKey), SecurityAlgorithms.HmacSha256));

    /// <summary>A token signed with <paramref name="key"/> (RSA or ECDSA) under the algorithm given.</summary>
    public static string Signed(SecurityKey key, string algorithm, string[]? subscribe = null, string? audience = Audience, DateTimeOffset? expires = null) =>
        Create(Claims(subscribe, null, null), expires, audience, new SigningCredentials(key, algorithm));

    /// <summary>A token with arbitrary claims (e.g. Mercure 1.0's <c>authorization_details</c>).</summary>
    public static string WithClaims(Dictionary<string, object> claims) =>
        Create(claims, null, Audience, new SigningCredentials(Symmetric(SigningKey), SecurityAlgorithms.HmacSha256));

    /// <summary><c>alg: none</c>: the same claims as a valid token, no signature.</summary>
    public static string Unsigned(string[] subscribe)
    {
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""");
        var exp = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        var selectors = string.Join(',', subscribe.Select(selector => "\"" + selector + "\""));
        var payload = Base64UrlEncoder.Encode(
            "{\"aud\":\"" + Audience + "\",\"exp\":" + exp + ",\"mercure\":{\"subscribe\":[" + selectors + "]}}");
        return header + "." + payload + ".";
    }

    public static RsaSecurityKey NewRsaKey(string keyId) => new(RSA.Create(2048)) { KeyId = keyId };

    public static ECDsaSecurityKey NewEcKey(string keyId) => new(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = keyId };

    private static SymmetricSecurityKey Symmetric(string key) => new(Encoding.UTF8.GetBytes(key));

    private static Dictionary<string, object> Claims(string[]? subscribe, string[]? publish, string? subject)
    {
        var mercure = new Dictionary<string, object>();
        if (subscribe is not null)
        {
            mercure["subscribe"] = subscribe;
        }

        if (publish is not null)
        {
            mercure["publish"] = publish;
        }

        var claims = new Dictionary<string, object> { ["mercure"] = mercure };
        if (subject is not null)
        {
            claims["sub"] = subject;
        }

        return claims;
    }

    private static string Create(Dictionary<string, object> claims, DateTimeOffset? expires, string? audience, SigningCredentials credentials)
    {
        var until = expires ?? DateTimeOffset.UtcNow.AddHours(1);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Claims = claims,
            Audience = audience,
            Expires = until.UtcDateTime,
            NotBefore = until.UtcDateTime.AddHours(-2),
            IssuedAt = until.UtcDateTime.AddHours(-2),
            SigningCredentials = credentials,
        });
    }
}
