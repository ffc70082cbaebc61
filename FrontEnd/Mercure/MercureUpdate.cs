namespace SseOrleans.FrontEnd.Mercure;

/// <summary>
/// A Mercure update as a publisher sent it: its topics (the first canonical, the others alternates), its
/// data, whether it is private, its id (the publisher's, verbatim, or one the hub made), its SSE event type
/// and its reconnection time in milliseconds (<c>0</c>: none, as Mercure writes no <c>retry:</c> for 0).
/// </summary>
internal sealed record MercureUpdate(IReadOnlyList<string> Topics, string Data, bool Private, string Id, string? Type, ulong Retry);
