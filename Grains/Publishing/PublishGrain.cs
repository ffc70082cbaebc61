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
    /// <summary>The most namespaces one update is published to (the Mercure hub's topic limit).</summary>
    public const int MaxTargets = 100;

    public Task<SseEventId> Publish(string path, SseEvent sseEvent, Guid publishId) => Publish(path, sseEvent, publishId, 0);

    public Task<SseEventId> Publish(string path, SseEvent sseEvent, Guid publishId, DateTimeOffset deadline) =>
        Publish(path, sseEvent, publishId, deadline.ToUnixTimeMilliseconds());

    public Task<SseEventId> PublishUpdate(string[] targets, SseEvent sseEvent, MercureFields mercure, Guid publishId) =>
        PublishUpdate(targets, sseEvent, mercure, publishId, 0);

    public Task<SseEventId> PublishUpdate(string[] targets, SseEvent sseEvent, MercureFields mercure, Guid publishId, DateTimeOffset deadline) =>
        PublishUpdate(targets, sseEvent, mercure, publishId, deadline.ToUnixTimeMilliseconds());

    private Task<SseEventId> Publish(string path, SseEvent sseEvent, Guid publishId, long deadline)
    {
        ArgumentNullException.ThrowIfNull(sseEvent);
        if (!NamespacePath.IsNormalized(path))
        {
            throw new ArgumentException($"'{path}' is not a normalized namespace; use NamespacePath.Normalize.", nameof(path));
        }

        SseEventRules.Validate(sseEvent, options.Value.MaxMessageBytes);
        return pipeline.PublishAsync(new PublishRequest(path, sseEvent.Name, sseEvent.Data, publishId, Deadline: deadline));
    }

    public async Task<PublishOutcome[]> PublishMany(PublishItem[] items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var publishes = new Task<SseEventId>[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            try
            {
                publishes[i] = Publish(items[i].Path, items[i].Event, items[i].PublishId, items[i].Deadline?.ToUnixTimeMilliseconds() ?? 0);
            }
            catch (Exception exception)
            {
                publishes[i] = Task.FromException<SseEventId>(exception);
            }
        }

        var outcomes = new PublishOutcome[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            try
            {
                outcomes[i] = new PublishOutcome(await publishes[i], null);
            }
            catch (Exception exception)
            {
                outcomes[i] = new PublishOutcome(default, exception);
            }
        }

        return outcomes;
    }

    private Task<SseEventId> PublishUpdate(string[] targets, SseEvent sseEvent, MercureFields mercure, Guid publishId, long deadline)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(sseEvent);
        ArgumentNullException.ThrowIfNull(mercure);
        if (targets.Length == 0 || targets.Length > MaxTargets)
        {
            throw new ArgumentException($"An update has 1 to {MaxTargets} target namespaces.", nameof(targets));
        }

        var distinct = new HashSet<string>(StringComparer.Ordinal);
        foreach (var target in targets)
        {
            if (!NamespacePath.IsNormalized(target) || !distinct.Add(target))
            {
                throw new ArgumentException($"'{target}' is not a normalized namespace, or is named twice.", nameof(targets));
            }
        }

        // The stored form joins topics by LF (and Redis stream fields hold text): no topic may contain a control character.
        if (string.IsNullOrEmpty(mercure.Id) || mercure.Topics is not { Length: > 0 } topics
            || Array.Exists(topics, topic => string.IsNullOrEmpty(topic) || topic.Any(char.IsControl)))
        {
            throw new ArgumentException("A Mercure update needs an id and one or more topics without control characters.", nameof(mercure));
        }

        SseEventRules.Validate(sseEvent, options.Value.MaxMessageBytes);
        return pipeline.PublishAsync(new PublishRequest(targets[0], sseEvent.Name, sseEvent.Data, publishId, targets.Length > 1 ? targets[1..] : null, mercure, deadline));
    }
}
