using SseOrleans.Api.Tests.Authorization;
using SseOrleans.Api.Tests.Infrastructure;
using SseOrleans.Api.Tests.Mercure.Hub;
using SseOrleans.TestSupport;

namespace SseOrleans.Api.Tests;

// Every Api host of this assembly (each has its own embedded silo). Tests in one collection run one
// after another on its host; the collections run beside each other. A test that needs settings of
// its own joins the host whose settings do not disturb the others there, rather than starting one.
// Besides these, ShutdownTests runs the Api as a process, since it sends that process a signal.
// A collection with browser tests also lists BrowserFixture: all of them share one Chromium.

/// <summary>HTTP behaviour: subscribe, publish, hierarchy, replay, shared subscriptions, slow consumers.</summary>
[CollectionDefinition(Name)]
public sealed class ApiCollectionDefinition : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}

/// <summary>The admin page, status.json, metrics and the browser tests, on the default admin settings.</summary>
[CollectionDefinition(Name)]
public sealed class AdminCollectionDefinition : ICollectionFixture<AdminFixture>, ICollectionFixture<BrowserFixture>
{
    public const string Name = "admin";
}

/// <summary>What the publish key and the admin key let through.</summary>
[CollectionDefinition(Name)]
public sealed class KeyedCollectionDefinition : ICollectionFixture<KeyedFixture>
{
    public const string Name = "keyed";
}

/// <summary>Connection limits, and admin switched off.</summary>
[CollectionDefinition(Name)]
public sealed class RestrictedCollectionDefinition : ICollectionFixture<RestrictedFixture>
{
    public const string Name = "restricted";
}

/// <summary>Who may subscribe and publish where, with HS256 tokens: grants, bad tokens, token sources, expiry, the browser's cookie.</summary>
[CollectionDefinition(Name)]
public sealed class JwtCollectionDefinition : ICollectionFixture<JwtHostFixture>, ICollectionFixture<BrowserFixture>
{
    public const string Name = "jwt";
}

/// <summary>
/// A stream that ends when its token does, on a JWT host of its own, alone: the token's real lifetime must
/// outlast the subscribe and a delivery however busy the machine, and no other collection runs meanwhile.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TokenExpiryCollectionDefinition : ICollectionFixture<JwtHostFixture>
{
    public const string Name = "jwt-expiry";
}

/// <summary>Tokens of an OpenID Connect authority (a loopback test authority serving its keys).</summary>
[CollectionDefinition(Name)]
public sealed class AuthorityCollectionDefinition : ICollectionFixture<AuthorityFixture>
{
    public const string Name = "authority";
}

/// <summary>An app of its own (docs/authorization.md's "your own rules" example) with cookie sign-in and its own authorization handler.</summary>
[CollectionDefinition(Name)]
public sealed class OwnRulesCollectionDefinition : ICollectionFixture<OwnRulesFixture>
{
    public const string Name = "own-rules";
}

/// <summary>Mercure presence: subscription events and the subscriptions API, on a JWT host with them on.</summary>
[CollectionDefinition(Name)]
public sealed class PresenceCollectionDefinition : ICollectionFixture<PresenceHostFixture>
{
    public const string Name = "mercure-presence";
}
