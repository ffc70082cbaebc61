using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using SseOrleans.Abstractions;
using SseOrleans.Grains.History;
using SseOrleans.Grains.Publishing;

namespace SseOrleans.Grains;

/// <summary>
/// One namespace. Its history and interest live in the store (<see cref="IHistoryStore"/>), its publishes go
/// through the silo's <see cref="PublishPipeline"/> with everyone else's; what the grain itself holds is the
/// front-ends' subscriber leases. A subscriber report turns into interest in the store before it is answered,
/// so that every event published after the answer reaches the front-end that reported. Reentrant: a publish
/// waits for its batch, and nothing here needs the turns in between.
/// </summary>
[Reentrant]
internal sealed class NamespaceGrain(
    IHistoryStore histories,
    PublishPipeline pipeline,
    IOptions<SseOptions> options,
    TimeProvider time) : Grain, INamespaceGrain
{
    private readonly SubscriberLeases _subscribers = new(time);
    private string _path = NamespacePath.Root;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _path = this.GetPrimaryKeyString();
        if (!NamespacePath.IsNormalized(_path))
        {
            throw new ArgumentException($"'{_path}' is not a normalized namespace; use NamespacePath.Normalize.");
        }

        return Task.CompletedTask;
    }

    public Task<SseEventId> Publish(SseEvent sseEvent) => Publish(sseEvent, Guid.Empty);

    public Task<SseEventId> Publish(SseEvent sseEvent, Guid publishId)
    {
        ArgumentNullException.ThrowIfNull(sseEvent);
        SseEventRules.Validate(sseEvent, options.Value.MaxMessageBytes);
        return pipeline.PublishAsync(new PublishRequest(_path, sseEvent.Name, sseEvent.Data, publishId));
    }

    public async Task<EventReplay> GetEventsAfter(SseEventId lastEventId, int maxBytes)
    {
        var replay = await histories.ReadAfterAsync(_path, lastEventId, maxBytes);
        DeactivateIfNothingToKeep(replay.Events.Length == 0 && replay.Completeness == ReplayCompleteness.UnknownId);
        return replay;
    }

    public Task<SseEventId?> FindAfterUpdate(string mercureId)
    {
        ArgumentException.ThrowIfNullOrEmpty(mercureId);
        return histories.FindAfterUpdateAsync(_path, mercureId);
    }

    public async Task<SseEventId> GetLastEventId()
    {
        var last = await histories.ReadLastIdAsync(_path);
        DeactivateIfNothingToKeep(last == default);
        return last;
    }

    public async Task<SseEventId> ReportSubscribers(string frontEnd, int count, TimeSpan lease)
    {
        _subscribers.Report(frontEnd, count, lease);
        if (count <= 0)
        {
            var last = await histories.ReadLastIdAsync(_path);
            DeactivateIfNothingToKeep(last == default);
            return last;
        }

        var liveUntil = time.GetUtcNow() + lease;
        return await histories.ReportInterestAsync(_path, liveUntil, liveUntil + options.Value.HistoryMaxAge);
    }

    public Task<int> GetSubscriberCount() => Task.FromResult(_subscribers.Total());

    // A replay of an unknown id, or a last subscriber leaving, activates a grain that may hold nothing: no
    // subscriber lease. It goes at once instead of after the collection age, so a client that touches many
    // namespaces leaves nothing behind. A namespace with events stays (its readers are likely to come back).
    private void DeactivateIfNothingToKeep(bool holdsNothing)
    {
        if (holdsNothing && _subscribers.Total() == 0)
        {
            DeactivateOnIdle();
        }
    }
}
