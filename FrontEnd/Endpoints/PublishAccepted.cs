namespace SseOrleans.FrontEnd.Endpoints;

/// <summary>The <c>202</c> answer to a publish: where the event went and its id there.</summary>
internal sealed record PublishAccepted(string Namespace, string Id);
