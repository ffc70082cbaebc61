using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.Authorization;

namespace SseOrleans.FrontEnd.Mercure;

/// <summary>
/// Authenticates a hub request with the token Mercure's order chooses (<see cref="MercureTokens"/>), validated
/// by the front-end's JWT handler (<c>Sse:Auth</c>), or by the hub's own publisher or subscriber key where one is
/// set (<c>Sse:Mercure:PublisherKey</c>, <c>SubscriberKey</c>). A publisher may instead prove the publish rule of
/// <c>/publish</c> (<see cref="PublishKeyCredential"/>: <c>Bearer &lt;Sse:PublishKey&gt;</c>), which grants every
/// topic; and while neither a publish key nor JWTs (<c>Sse:Auth</c>) are configured, so does a loopback caller.
/// Every refusal says why.
/// </summary>
internal sealed class MercureAuthentication(IOptions<SseOptions> options)
{
    public async Task<MercureCaller> AuthenticateAsync(HttpContext context, bool publishing)
    {
        ArgumentNullException.ThrowIfNull(context);
        var sse = options.Value;
        var hubKey = publishing ? sse.Mercure.PublisherKey : sse.Mercure.SubscriberKey;
        var scheme = string.IsNullOrEmpty(hubKey) ? SseAuthentication.Scheme
            : publishing ? SseAuthentication.MercurePublisherScheme : SseAuthentication.MercureSubscriberScheme;
        var validatesTokens = sse.Auth.IsConfigured || !string.IsNullOrEmpty(hubKey);

        // Loopback publishes everything only while nothing else is configured: a hub with JWTs enforces their grants.
        if (publishing && (!string.IsNullOrEmpty(sse.PublishKey) || !validatesTokens)
            && PublishKeyCredential.Authenticate(context, sse) is { } key)
        {
            return new MercureCaller(MercureGrants.From(new ClaimsPrincipal(key)), MercureTokenSource.Header, null, null);
        }

        var source = MercureTokens.Locate(context, sse.Auth.CookieName, out var token, out var refusal);
        if (refusal is not null)
        {
            return MercureCaller.Refused(refusal);
        }

        if (token is null)
        {
            return new MercureCaller(MercureGrants.None, MercureTokenSource.None, null, null);
        }

        if (!validatesTokens)
        {
            return MercureCaller.Refused(Unauthorized(publishing && !string.IsNullOrEmpty(sse.PublishKey)
                ? "the token is not Sse:PublishKey, and this hub validates no JWTs (Sse:Auth is not configured)"
                : "this hub validates no JWTs (Sse:Auth is not configured)"));
        }

        context.Features.Set(new ChosenTokenFeature(token));
        var result = await context.AuthenticateAsync(scheme);
        if (result.Failure is { } failure)
        {
            return MercureCaller.Refused(Unauthorized(NamespaceAuthorizer.Describe(failure)));
        }

        if (result.Principal is not { } principal)
        {
            return MercureCaller.Refused(Unauthorized("the token is not valid"));
        }

        return new MercureCaller(MercureGrants.From(principal), source, NamespaceAuthorizer.TokenExpiry(principal, sse.Auth.ClockSkew), null);
    }

    private static MercureRefusal Unauthorized(string reason) => new(StatusCodes.Status401Unauthorized, reason);
}
