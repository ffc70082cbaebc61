namespace SseOrleans.Abstractions;

/// <summary><c>Sse:Mercure</c>: the Mercure hub at <c>/.well-known/mercure</c>.</summary>
public sealed class SseMercureOptions
{
    public static readonly TimeSpan MinSubscriptionLease = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan MaxSubscriptionLease = TimeSpan.FromMinutes(10);

    /// <summary>Whether <c>MapSse</c> maps the hub (on by default).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The namespace under which every topic lives (<c>/mercure</c>): a topic's updates are published to a
    /// namespace below it, so <c>/subscribe</c> and the admin page show them there.
    /// </summary>
    public string Namespace { get; set; } = "/mercure";

    /// <summary>
    /// Whether subscriptions are announced (a private update when one starts or ends) and listed at
    /// <c>/.well-known/mercure/subscriptions</c>; off by default, as Mercure's <c>subscriptions</c> directive.
    /// </summary>
    public bool Subscriptions { get; set; }

    /// <summary>
    /// How long a front-end's subscriptions stay active in the cluster's list without a renewal (front-ends
    /// renew at a third of it): a front-end that dies has its subscriptions ended within this time and a second.
    /// Between <see cref="MinSubscriptionLease"/> and <see cref="MaxSubscriptionLease"/>.
    /// </summary>
    public TimeSpan SubscriptionLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The HS256 secret of publishers' tokens at the hub (Mercure's publisher JWT key), at least 32 UTF-8 bytes.
    /// When set, a hub publish's token is checked with it instead of <c>Sse:Auth</c>, so that no token signed
    /// for subscribers can publish. <c>/publish</c> and <c>/subscribe</c> still use <c>Sse:Auth</c>.
    /// </summary>
    public string? PublisherKey { get; set; }

    /// <summary>
    /// The HS256 secret of subscribers' tokens at the hub (Mercure's subscriber JWT key), at least 32 UTF-8 bytes:
    /// when set, a hub subscription's and the subscriptions API's tokens are checked with it instead of <c>Sse:Auth</c>.
    /// </summary>
    public string? SubscriberKey { get; set; }
}
