using System.Text.Json;
using SseOrleans.Abstractions;

namespace SseOrleans.FrontEnd.Mercure;

/// <summary>
/// The subscriptions of one hub connection, for presence: one per distinct selector, all with one new subscriber
/// id (the hub makes it; no client can choose it) and the token's <c>mercure.payload</c>, each published to the
/// namespace of its own topic.
/// </summary>
internal static class SubscriptionEntries
{
    public static MercureSubscriptionEntry[] Of(IEnumerable<string?> selectors, JsonElement? payload, TopicNamespaces topics)
    {
        ArgumentNullException.ThrowIfNull(selectors);
        ArgumentNullException.ThrowIfNull(topics);
        var subscriber = MercureIds.NewSubscriberId();
        var rawPayload = payload is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } value ? value.GetRawText() : null;
        var entries = new List<MercureSubscriptionEntry>();
        foreach (var selector in selectors)
        {
            var id = SubscriptionTopics.For(selector ?? string.Empty, subscriber);
            if (!entries.Exists(entry => entry.Id == id))
            {
                entries.Add(new MercureSubscriptionEntry(id, selector ?? string.Empty, subscriber, rawPayload, topics.NamespaceOf(id)));
            }
        }

        return [.. entries];
    }
}
