using Microsoft.Extensions.Options;
using SseOrleans.Abstractions;

namespace SseOrleans.Grains.History;

/// <summary>
/// <c>Sse:History:ProviderType=Memory</c> (the default): each activation keeps its own history, which goes
/// with it; all of them together within the process's <see cref="HistoryMemoryBudget"/>.
/// </summary>
internal sealed class MemoryHistoryStore(IOptions<SseOptions> options, TimeProvider time, HistoryMemoryBudget budget) : IHistoryStore
{
    public INamespaceHistory Open(string path) => new MemoryNamespaceHistory(options.Value, time, budget);
}
