using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.Wire;

namespace SseOrleans.FrontEnd.FanOut;

/// <summary>
/// What an <see cref="SseConnection"/> that is not a plain <c>/subscribe</c> stream writes of each batch of its
/// feed: a view shared by the connections that see the same (say, Mercure subscribers with equal filters), so
/// that it decides and encodes once per batch, not once per connection. Called on the feed's delivery path, one
/// batch at a time, once per connection with the same <paramref name="encoded"/>.
/// </summary>
internal interface IFeedView
{
    /// <summary>The bytes to write for this batch, with the ids of the events they hold; null when none is for this view.</summary>
    EncodedBatch? Select(NamespaceEvent[] events, EncodedBatch encoded);
}
