namespace SseOrleans.FrontEnd.Mercure;

/// <summary>
/// What decides whether an update reaches a Mercure subscriber: it must have a topic that one of the
/// subscriber's <see cref="Topics"/> selectors matches, and, when the update is private, a topic (the same
/// or another) that one of its <see cref="PrivateGrants"/> (the token's <c>mercure.subscribe</c>) matches.
/// An anonymous subscriber's grants are empty: it gets public updates only. Equal filters are one value, so
/// a feed decides each update once per distinct filter, however many connections share it.
/// </summary>
internal sealed record SubscriberFilter(TopicSelectorSet Topics, TopicSelectorSet PrivateGrants)
{
    public bool Admits(IReadOnlyList<string> topics, bool isPrivate) =>
        Topics.MatchesAny(topics) && (!isPrivate || PrivateGrants.MatchesAny(topics));
}
