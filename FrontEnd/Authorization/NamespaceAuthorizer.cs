using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using SseOrleans.Abstractions;

namespace SseOrleans.FrontEnd.Authorization;

/// <summary>
/// Decides a request for a namespace, once its path is known. The caller is whoever the app's own
/// authentication says (<c>HttpContext.User</c>), plus the token of <see cref="SseAuthentication.Scheme"/>
/// when <c>Sse:Auth</c> is configured, plus, for publishing, the <see cref="PublishKeyCredential"/>. Then
/// <see cref="IAuthorizationService"/> checks <see cref="NamespaceRequirement"/> with the path as the
/// resource: the built-in handlers (token grants, public subtrees) and any the app adds. Once per request,
/// never per event.
/// </summary>
internal sealed class NamespaceAuthorizer(IAuthorizationService authorization, IOptions<SseOptions> options, ILogger<NamespaceAuthorizer> logger)
{
    public async Task<NamespaceAccess> AuthorizeAsync(HttpContext context, string path, NamespaceOperation operation)
    {
        var access = await DecideAsync(context, path, operation);
        if (!access.Allowed)
        {
            logger.AccessRefused(NamespaceRequirement.Verb(operation), path, access.Outcome.ToString(), access.Reason);
        }

        return access;
    }

    private async Task<NamespaceAccess> DecideAsync(HttpContext context, string path, NamespaceOperation operation)
    {
        ArgumentNullException.ThrowIfNull(context);
        var sse = options.Value;
        var identities = new List<ClaimsIdentity>();
        foreach (var identity in context.User.Identities)
        {
            if (identity.IsAuthenticated)
            {
                identities.Add(identity);
            }
        }

        var expiresAt = AppTicketExpiry(context);
        var key = operation == NamespaceOperation.Publish ? PublishKeyCredential.Authenticate(context, sse) : null;
        if (key is not null)
        {
            identities.Add(key);
        }
        else if (sse.Auth.IsConfigured)
        {
            var result = await context.AuthenticateAsync(SseAuthentication.Scheme);
            if (result.Failure is { } failure)
            {
                return new NamespaceAccess(NamespaceAccessOutcome.InvalidToken, Describe(failure));
            }

            if (result.Principal is { } principal)
            {
                foreach (var identity in principal.Identities)
                {
                    if (identity.IsAuthenticated && !identities.Contains(identity))
                    {
                        identities.Add(identity);
                    }
                }

                expiresAt = Earliest(expiresAt, TokenExpiry(principal, sse.Auth.ClockSkew));
            }
        }

        var caller = new ClaimsPrincipal(identities);
        var decision = await authorization.AuthorizeAsync(caller, path, NamespaceRequirement.For(operation));
        if (decision.Succeeded)
        {
            return new NamespaceAccess(NamespaceAccessOutcome.Allowed, ExpiresAt: expiresAt);
        }

        var verb = NamespaceRequirement.Verb(operation);
        if (identities.Count > 0)
        {
            return new NamespaceAccess(NamespaceAccessOutcome.Forbidden, $"not allowed to {verb} {path}: no grant of this caller covers it");
        }

        return operation == NamespaceOperation.Subscribe
            ? new NamespaceAccess(NamespaceAccessOutcome.Unauthenticated, sse.Auth.IsConfigured
                ? $"{path} is not public: subscribing needs a token that grants it (Authorization: Bearer, the {sse.Auth.CookieName} cookie or ?authorization=)"
                : $"{path} is not public (Sse:Anonymous:Subscribe) and this caller has no grant for it")
            : sse.Auth.IsConfigured
                ? new NamespaceAccess(NamespaceAccessOutcome.Unauthenticated, string.IsNullOrEmpty(sse.PublishKey)
                    ? $"publishing to {path} needs a token that grants it"
                    : $"publishing to {path} needs a token that grants it, or 'Authorization: Bearer <Sse:PublishKey>'")
            : string.IsNullOrEmpty(sse.PublishKey)
                ? new NamespaceAccess(NamespaceAccessOutcome.NotPossible, "publishing is allowed from loopback only; set Sse:PublishKey to accept remote publishers")
                : new NamespaceAccess(NamespaceAccessOutcome.Unauthenticated, "publishing needs 'Authorization: Bearer <Sse:PublishKey>'");
    }

    // What the app's own authentication (its default scheme, run by the authentication middleware) says
    // about how long its ticket lasts; not when that scheme is ours, whose token expiry counts with its skew.
    private static DateTimeOffset? AppTicketExpiry(HttpContext context)
    {
        var result = context.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult;
        if (result is not { Succeeded: true } || result.Principal.Identities.Any(identity => identity.AuthenticationType == SseAuthentication.Scheme))
        {
            return null;
        }

        return result.Properties?.ExpiresUtc;
    }

    // A token is accepted until exp plus the clock skew: its stream lasts exactly as long.
    internal static DateTimeOffset? TokenExpiry(ClaimsPrincipal principal, TimeSpan clockSkew)
    {
        var exp = principal.FindFirst("exp")?.Value;
        return long.TryParse(exp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(Math.Min(seconds, DateTimeOffset.MaxValue.ToUnixTimeSeconds() - 1)) + clockSkew
            : null;
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;

    // Terse on purpose: enough for a client to know whether a fresh token helps, nothing about the keys.
    internal static string Describe(Exception failure) => (failure is AggregateException { InnerExceptions: [var first, ..] } ? first : failure) switch
    {
        SecurityTokenExpiredException => "the token has expired",
        SecurityTokenNotYetValidException => "the token is not valid yet",
        SecurityTokenNoExpirationException => "the token has no expiry (exp)",
        SecurityTokenInvalidAudienceException => "the token is for another audience",
        SecurityTokenInvalidIssuerException => "the token is from another issuer",
        SecurityTokenInvalidAlgorithmException => "the token's signing algorithm is not accepted here",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "the token's signature is not valid",
        _ => "the token is not valid",
    };
}
