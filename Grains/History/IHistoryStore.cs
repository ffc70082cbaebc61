namespace SseOrleans.Grains.History;

/// <summary>Where namespace histories live (<c>Sse:History:ProviderType</c>): in memory or in Redis.</summary>
internal interface IHistoryStore
{
    /// <summary>The history of <paramref name="path"/>, for one grain activation.</summary>
    INamespaceHistory Open(string path);
}
