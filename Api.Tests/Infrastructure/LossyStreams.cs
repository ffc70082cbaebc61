using Microsoft.Extensions.DependencyInjection;
using Orleans.Streams;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.Namespaces;

namespace SseOrleans.Api.Tests.Infrastructure;

/// <summary>
/// The Api's namespace streams, except that every stream item carrying an event whose data starts with
/// <see cref="LostMark"/> is lost before the front-end sees it, as items are in a stream queue that died
/// with its silo. The grains (history, ids) are untouched.
/// </summary>
internal sealed class LossyStreams(INamespaceStreams inner) : INamespaceStreams
{
    public const string LostMark = "lost:";

    /// <summary>Replaces the Api's <see cref="INamespaceStreams"/> (for <see cref="ApiHost"/>'s test services).</summary>
    public static void Install(IServiceCollection services) =>
        services.AddSingleton<INamespaceStreams>(provider => new LossyStreams(new OrleansNamespaceStreams(provider.GetRequiredService<IClusterClient>())));

    public Task<IAsyncDisposable> SubscribeAsync(string path, IAsyncBatchObserver<EventBatch> observer) =>
        inner.SubscribeAsync(path, new Lossy(observer));

    private sealed class Lossy(IAsyncBatchObserver<EventBatch> feed) : IAsyncBatchObserver<EventBatch>
    {
        public Task OnNextAsync(IList<SequentialItem<EventBatch>> items)
        {
            var kept = items.Where(item => !Array.Exists(item.Item.Events, e => e.Data.StartsWith(LostMark, StringComparison.Ordinal))).ToList();
            return kept.Count == 0 ? Task.CompletedTask : feed.OnNextAsync(kept);
        }

        public Task OnCompletedAsync() => feed.OnCompletedAsync();

        public Task OnErrorAsync(Exception ex) => feed.OnErrorAsync(ex);
    }
}
