using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using SseOrleans.Abstractions;

namespace SseOrleans.FrontEnd.Authorization;

/// <summary>
/// The publish rule that needs no token, as a credential of the model: with <c>Sse:PublishKey</c> set, a
/// caller that sends <c>Authorization: Bearer {key}</c>; without it, a caller on loopback. Either is an
/// identity whose grant is publish <c>*</c>, checked by <see cref="MercureClaimsHandler"/> like any token.
/// </summary>
internal static class PublishKeyCredential
{
    public const string KeyAuthenticationType = "SsePublishKey";
    public const string LoopbackAuthenticationType = "SseLoopback";
    private static readonly string PublishEverything = MercureClaims.Json([NamespaceGrant.Everything], []);

    /// <summary>The identity the request proves for publishing, or null.</summary>
    public static ClaimsIdentity? Authenticate(HttpContext context, SseOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        var key = options.PublishKey;
        if (string.IsNullOrEmpty(key))
        {
            return ClientAddress.IsLoopback(context) ? Publisher(LoopbackAuthenticationType) : null;
        }

        return SecretComparison.Matches(SecretComparison.BearerToken(context.Request), key) ? Publisher(KeyAuthenticationType) : null;
    }

    private static ClaimsIdentity Publisher(string authenticationType) => new(
        [new Claim(MercureClaims.ClaimType, PublishEverything, "JSON")],
        authenticationType);
}
