using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace SseOrleans.Api.Tests.Authorization;

/// <summary>
/// An OpenID Connect authority as small as one can be, on Kestrel at 127.0.0.1: its discovery document
/// (<c>/.well-known/openid-configuration</c>: the issuer and where the keys are) and its JWKS, with one RSA
/// and one ECDSA signing key whose private halves sign the tests' tokens.
/// </summary>
public sealed class TestAuthority : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestAuthority(WebApplication app) => _app = app;

    /// <summary>The authority's address; its issuer name (<see cref="IssuerName"/>) is this without the trailing slash.</summary>
    public Uri Issuer { get; private set; } = null!;

    public RsaSecurityKey RsaKey { get; } = Tokens.NewRsaKey("rsa-1");

    public ECDsaSecurityKey EcKey { get; } = Tokens.NewEcKey("ec-1");

    public static async Task<TestAuthority> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var authority = new TestAuthority(app);
        app.MapGet("/.well-known/openid-configuration", authority.Discovery);
        app.MapGet("/jwks", authority.Keys);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        authority.Issuer = new Uri(address);
        return authority;
    }

    /// <summary>A token of this authority: its issuer, signed with its RSA key (RS256) or ECDSA key (ES256).</summary>
    public string Token(string algorithm, string[] subscribe, string? audience = Tokens.Audience, string? issuer = null, SecurityKey? key = null)
    {
        var signingKey = key ?? (algorithm.StartsWith("ES", StringComparison.Ordinal) ? EcKey : (SecurityKey)RsaKey);
        return new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? IssuerName,
            Audience = audience,
            Claims = new Dictionary<string, object> { ["mercure"] = new Dictionary<string, object> { ["subscribe"] = subscribe } },
            SigningCredentials = new SigningCredentials(signingKey, algorithm),
        });
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    public string IssuerName => Issuer.ToString().TrimEnd('/');

    private IResult Discovery() => Results.Json(new Dictionary<string, object>
    {
        ["issuer"] = IssuerName,
        ["jwks_uri"] = IssuerName + "/jwks",
        ["id_token_signing_alg_values_supported"] = (string[])["RS256", "ES256"],
    });

    private IResult Keys()
    {
        var rsa = RsaKey.Rsa.ExportParameters(includePrivateParameters: false);
        var ec = EcKey.ECDsa.ExportParameters(includePrivateParameters: false);
        return Results.Json(new Dictionary<string, object>
        {
            ["keys"] = (object[])
            [
                new Dictionary<string, string>
                {
                    ["kty"] = "RSA", ["use"] = "sig", ["alg"] = "RS256", ["kid"] = RsaKey.KeyId,
                    ["n"] = Base64UrlEncoder.Encode(rsa.Modulus), ["e"] = Base64UrlEncoder.Encode(rsa.Exponent),
                },
                new Dictionary<string, string>
                {
                    ["kty"] = "EC", ["use"] = "sig", ["alg"] = "ES256", ["kid"] = EcKey.KeyId, ["crv"] = "P-256",
                    ["x"] = Base64UrlEncoder.Encode(ec.Q.X), ["y"] = Base64UrlEncoder.Encode(ec.Q.Y),
                },
            ],
        });
    }
}
