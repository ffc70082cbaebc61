namespace SseOrleans.FrontEnd.FanOut;

/// <summary>
/// How a new feed reports its interest to its namespace: as this front-end, for a lease (renewed by
/// <see cref="SubscriberCountReporter"/>), waiting at most <see cref="Timeout"/> for the answer.
/// </summary>
internal readonly record struct FeedInterest(string FrontEnd, TimeSpan Lease, TimeSpan Timeout);
