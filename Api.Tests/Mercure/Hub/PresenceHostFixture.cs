using SseOrleans.Api.Tests.Authorization;
using SseOrleans.Api.Tests.Infrastructure;
using SseOrleans.TestSupport;

namespace SseOrleans.Api.Tests.Mercure.Hub;

/// <summary>
/// The Api with HS256 tokens (<see cref="Tokens"/>), a publish key, and presence on
/// (<c>Sse:Mercure:Subscriptions</c>) with a lease of <see cref="Lease"/>, so that a front-end renews every second.
/// </summary>
public sealed class PresenceHostFixture() : HostFixture<ApiHost>(() => new ApiHost(new Dictionary<string, string?>
{
    ["Sse:Auth:SigningKey"] = Tokens.SigningKey,
    ["Sse:Auth:Audience"] = Tokens.Audience,
    ["Sse:Auth:ClockSkew"] = "00:00:00",
    ["Sse:PublishKey"] = JwtHostFixture.PublishKey,
    ["Sse:AdminKey"] = JwtHostFixture.AdminKey,
    ["Sse:Mercure:Subscriptions"] = "true",
    ["Sse:Mercure:SubscriptionLease"] = "00:00:03",
}))
{
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(3);
}
