using Microsoft.Extensions.Options;
using SseOrleans.Abstractions;

namespace SseOrleans.Grains.History;

/// <summary><c>Sse:History:ProviderType=Memory</c> (the default): each activation keeps its own history, which goes with it.</summary>
internal sealed class MemoryHistoryStore(IOptions<SseOptions> options, TimeProvider time) : IHistoryStore
{
    public INamespaceHistory Open(string path) => new MemoryNamespaceHistory(options.Value, time);
}
