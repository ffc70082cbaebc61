namespace SseOrleans.FrontEnd.Authorization;

/// <summary>Names of the front-end's authentication.</summary>
public static class SseAuthentication
{
    /// <summary>
    /// The JWT bearer scheme registered when <c>Sse:Auth:SigningKey</c> or <c>Sse:Auth:Authority</c> is set
    /// (so a host that relies on its one scheme being the default names its default scheme explicitly).
    /// </summary>
    public const string Scheme = "SseBearer";

    /// <summary>The JWT bearer scheme of the hub's publishers, registered when <c>Sse:Mercure:PublisherKey</c> is set.</summary>
    public const string MercurePublisherScheme = "SseMercurePublisher";

    /// <summary>The JWT bearer scheme of the hub's subscribers, registered when <c>Sse:Mercure:SubscriberKey</c> is set.</summary>
    public const string MercureSubscriberScheme = "SseMercureSubscriber";
}
