using SseOrleans.Abstractions;

namespace SseOrleans.FrontEnd.FanOut;

/// <summary>
/// What a repair reads next, as <see cref="FeedOrder.TryNextRead"/> said: the history after
/// <paramref name="After"/>. The promise and the number of the latest held batch as they were then let the
/// ordering judge the page (<see cref="FeedOrder.Apply"/>) by what was known before the read.
/// </summary>
internal readonly record struct HistoryRead(SseEventId After, SseEventId Promised, long HeldBefore);
