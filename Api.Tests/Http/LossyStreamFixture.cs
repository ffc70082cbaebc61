using Microsoft.Extensions.DependencyInjection;
using Orleans.Streams;
using SseOrleans.Abstractions;
using SseOrleans.Api.Tests.Infrastructure;
using SseOrleans.FrontEnd.FanOut;

namespace SseOrleans.Api.Tests.Http;

/// <summary>
/// The real Api (embedded silo, its grains and streams) whose namespace streams lose every item that
/// carries an event with data starting <see cref="LostMark"/>, as a stream queue that died with its silo would.
/// </summary>
public sealed class LossyStreamFixture : IAsyncLifetime
{
    public const string LostMark = "lost:";

    public ApiHost Host { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Host = new ApiHost(
            new Dictionary<string, string?> { ["Sse:GapCheckInterval"] = "00:00:00.200" },
            services => services.AddSingleton<INamespaceStreams>(provider =>
                new LossyStreams(new OrleansNamespaceStreams(provider.GetRequiredService<IClusterClient>()))));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    private sealed class LossyStreams(INamespaceStreams inner) : INamespaceStreams
    {
        public Task<IAsyncDisposable> SubscribeAsync(string path, IAsyncObserver<EventBatch> observer) =>
            inner.SubscribeAsync(path, new Lossy(observer));
    }

    private sealed class Lossy(IAsyncObserver<EventBatch> feed) : IAsyncObserver<EventBatch>
    {
        public Task OnNextAsync(EventBatch item, StreamSequenceToken? token = null) =>
            Array.Exists(item.Events, e => e.Data.StartsWith(LostMark, StringComparison.Ordinal)) ? Task.CompletedTask : feed.OnNextAsync(item, token);

        public Task OnCompletedAsync() => feed.OnCompletedAsync();

        public Task OnErrorAsync(Exception ex) => feed.OnErrorAsync(ex);
    }
}
