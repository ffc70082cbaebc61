namespace SseOrleans.FrontEnd.Authorization;

/// <summary>Marks the endpoints that read tokens from their query string, so that it is redacted before the server logs it.</summary>
internal sealed class SseTokenEndpointMetadata
{
    public static SseTokenEndpointMetadata Instance { get; } = new();
}
