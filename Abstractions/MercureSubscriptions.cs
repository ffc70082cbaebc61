namespace SseOrleans.Abstractions;

/// <summary>Where the single <see cref="IMercureSubscriptionsGrain"/> lives.</summary>
public static class MercureSubscriptions
{
    public const string Key = "cluster";

    /// <summary>What the subscriptions API answers as <c>lastEventID</c> before any subscription event.</summary>
    public const string Earliest = "earliest";

    public static IMercureSubscriptionsGrain GetMercureSubscriptions(this IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.GetGrain<IMercureSubscriptionsGrain>(Key);
    }
}
