namespace SseOrleans.Abstractions;

/// <summary>
/// The cluster's active Mercure subscriptions (presence), and the one publisher of the events about them. Each
/// front-end reports what started and ended on it, in batches (never per event), and its report is a lease: a
/// front-end that stops reporting for longer than the lease (it died, or lost the cluster) has its subscriptions
/// ended, and their events published, by the grain. One activation, keyed <see cref="MercureSubscriptions.Key"/>.
/// </summary>
[Alias("sse.IMercureSubscriptionsGrain")]
public interface IMercureSubscriptionsGrain : IGrainWithStringKey
{
    /// <summary>
    /// Applies <paramref name="changes"/> of <paramref name="frontEnd"/> (each publishes its event, in order)
    /// and renews its lease for <paramref name="lease"/> (an empty report only renews). When the grain does not
    /// know the front-end (it was reactivated, or the lease ran out) it applies nothing and returns false unless
    /// <paramref name="snapshot"/> (every subscription of the front-end) is given: then the snapshot becomes the
    /// front-end's list, announced again as active, and the changes that ended a subscription are announced too.
    /// </summary>
    [Alias("Report")]
    Task<bool> Report(string frontEnd, MercureSubscriptionChange[] changes, MercureSubscriptionEntry[]? snapshot, TimeSpan lease);

    /// <summary>
    /// The active subscriptions with <paramref name="selector"/> (every one when null) and, when given,
    /// <paramref name="subscriber"/>, ordered by id.
    /// </summary>
    [Alias("List")]
    Task<MercureSubscriptionList> List(string? selector, string? subscriber);
}
