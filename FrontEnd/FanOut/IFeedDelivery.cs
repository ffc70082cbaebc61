using SseOrleans.Abstractions;

namespace SseOrleans.FrontEnd.FanOut;

/// <summary>
/// Where a feed's <see cref="FeedOrder"/> writes what it has put in order: the feed hands it its
/// <see cref="FeedDelivery"/> (a test, a recorder). Called under the ordering's lock, one batch at a time.
/// </summary>
internal interface IFeedDelivery
{
    /// <summary>
    /// Delivers events that come next, behind <paramref name="comment"/> when the ordering has something to tell
    /// clients first (events were lost, the history restarted).
    /// </summary>
    void Deliver(NamespaceEvent[] events, string? comment);

    /// <summary>Ends every subscription: nothing past a hole can be delivered, so clients reconnect and replay.</summary>
    void Close();
}
