using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using SseOrleans.Abstractions;

namespace SseOrleans.FrontEnd.Authorization;

/// <summary>
/// The <see cref="SseAuthentication.Scheme"/> JWT bearer options from <c>Sse:Auth</c>, and those of the hub's
/// publisher and subscriber schemes from <c>Sse:Mercure:PublisherKey</c> and <c>SubscriberKey</c>. A shared secret
/// verifies HS256 only; an authority's published keys verify asymmetric algorithms only, so a token can
/// never choose how it is checked (no <c>alg: none</c>, no HMAC keyed with a public key). Claims keep the
/// names they have in the token (<c>sub</c>, <c>mercure</c>).
/// </summary>
internal sealed class SseJwtBearerSetup(IOptions<SseOptions> sse) : IConfigureNamedOptions<JwtBearerOptions>
{
    private static readonly string[] AsymmetricAlgorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);

    public void Configure(string? name, JwtBearerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var mercureKey = name switch
        {
            SseAuthentication.MercurePublisherScheme => sse.Value.Mercure.PublisherKey,
            SseAuthentication.MercureSubscriberScheme => sse.Value.Mercure.SubscriberKey,
            _ => null,
        };
        if (name != SseAuthentication.Scheme && mercureKey is null)
        {
            return;
        }

        var auth = sse.Value.Auth;
        options.MapInboundClaims = false;
        options.IncludeErrorDetails = false;
        var validation = options.TokenValidationParameters;
        validation.AuthenticationType = name;
        validation.NameClaimType = "sub";
        validation.RequireSignedTokens = true;
        validation.RequireExpirationTime = auth.RequireExpiration;
        validation.ClockSkew = auth.ClockSkew;
        if (mercureKey is not null)
        {
            // Mercure's publisher and subscriber keys: HS256 secrets of their own, with Sse:Auth's lifetime rules.
            validation.IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(mercureKey));
            validation.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
            validation.ValidateIssuer = false;
            validation.ValidateAudience = false;
        }
        else if (!string.IsNullOrEmpty(auth.SigningKey))
        {
            validation.IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(auth.SigningKey));
            validation.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
            validation.ValidateIssuer = !string.IsNullOrEmpty(auth.Issuer);
            validation.ValidIssuer = auth.Issuer;
            validation.ValidateAudience = !string.IsNullOrEmpty(auth.Audience);
            validation.ValidAudience = auth.Audience;
        }
        else
        {
            options.Authority = auth.Authority;
            options.Audience = auth.Audience;
            options.RequireHttpsMetadata = !IsLoopback(auth.Authority);
            validation.ValidAlgorithms = AsymmetricAlgorithms;
        }

        var cookieName = auth.CookieName;
        options.Events = new JwtBearerEvents { OnMessageReceived = context => TokenSources.OnMessageReceived(context, cookieName) };
    }

    /// <summary>True for an authority on this machine, the one case its metadata may come over plain HTTP.</summary>
    public static bool IsLoopback(string? authority) =>
        Uri.TryCreate(authority, UriKind.Absolute, out var uri) && uri.IsLoopback;
}
