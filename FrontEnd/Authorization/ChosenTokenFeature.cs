namespace SseOrleans.FrontEnd.Authorization;

/// <summary>The token an endpoint chose among the request's credentials, for the JWT handler to validate.</summary>
internal sealed record ChosenTokenFeature(string Token);
