using Orleans.Providers;
using Orleans.Streams;

namespace SseOrleans.Grains.Streams;

/// <summary>
/// The <c>sse</c> provider's adapter factory as configured (memory streams, from code or from the
/// <c>Orleans:Streaming</c> section), with <see cref="SseStreamCache"/> as its cache when it is the memory
/// provider. Everything else is the configured factory's.
/// </summary>
internal sealed class SseQueueAdapterFactory(IQueueAdapterFactory configured, SseStreamCache cache) : IQueueAdapterFactory
{
    [Obsolete("Use the overload which accepts a CancellationToken.")]
    public Task<IQueueAdapter> CreateAdapter() => configured.CreateAdapter();

    public Task<IQueueAdapter> CreateAdapter(CancellationToken cancellationToken) => configured.CreateAdapter(cancellationToken);

    public Task<IStreamFailureHandler> GetDeliveryFailureHandler(QueueId queueId) => configured.GetDeliveryFailureHandler(queueId);

    public IQueueAdapterCache GetQueueAdapterCache() =>
        configured is MemoryAdapterFactory<DefaultMemoryMessageBodySerializer> ? cache : configured.GetQueueAdapterCache();

    public IStreamQueueMapper GetStreamQueueMapper() => configured.GetStreamQueueMapper();
}
