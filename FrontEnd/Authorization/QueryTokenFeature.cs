namespace SseOrleans.FrontEnd.Authorization;

/// <summary>A token that came in the query string, taken out of the request before the server logged it.</summary>
internal sealed record QueryTokenFeature(string Token);
