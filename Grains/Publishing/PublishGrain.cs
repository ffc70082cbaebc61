using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using SseOrleans.Abstractions;
using SseOrleans.Grains.History;

namespace SseOrleans.Grains.Publishing;

/// <summary>
/// <see cref="IPublishGrain"/>: one reentrant activation per silo and key, on the silo that took the call,
/// handing each publish to the silo's <see cref="PublishPipeline"/>. No namespace grain is involved, so a
/// publish costs no call beyond the one that reached the gateway.
/// </summary>
[StatelessWorker(1)]
[Reentrant]
internal sealed class PublishGrain(PublishPipeline pipeline, IOptions<SseOptions> options) : Grain, IPublishGrain
{
    public Task<SseEventId> Publish(string path, SseEvent sseEvent, Guid publishId)
    {
        ArgumentNullException.ThrowIfNull(sseEvent);
        if (!NamespacePath.IsNormalized(path))
        {
            throw new ArgumentException($"'{path}' is not a normalized namespace; use NamespacePath.Normalize.", nameof(path));
        }

        SseEventRules.Validate(sseEvent, options.Value.MaxMessageBytes);
        return pipeline.PublishAsync(new PublishRequest(path, sseEvent.Name, sseEvent.Data, publishId));
    }
}
