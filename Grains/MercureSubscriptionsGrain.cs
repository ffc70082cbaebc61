using Microsoft.Extensions.Logging;
using SseOrleans.Abstractions;

namespace SseOrleans.Grains;

/// <summary>
/// The cluster's active Mercure subscriptions (<see cref="IMercureSubscriptionsGrain"/>), and the publisher of the
/// events about them: each event is a private update to the subscription's own topic, through the ordinary write
/// path, so that its subscribers get it on whichever front-end they are. One grain for the cluster keeps the
/// subscriptions API one call; its load is one call per front-end per batch of connects and disconnects and per
/// renewal, never per event. Every second it ends the subscriptions of front-ends whose lease ran out. Its state is
/// in memory: after a reactivation each front-end's next report finds it unknown and sends its whole list again.
/// </summary>
public sealed class MercureSubscriptionsGrain(TimeProvider time, ILogger<MercureSubscriptionsGrain> logger) : Grain, IMercureSubscriptionsGrain
{
    /// <summary>How often leases are checked: a front-end that dies is announced gone within its lease and this.</summary>
    public static readonly TimeSpan SweepPeriod = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan PublishRetry = TimeSpan.FromSeconds(10);

    private readonly MercureSubscriptionTable _table = new(time);
    private string _lastEventId = MercureSubscriptions.Earliest;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(SweepAsync, SweepPeriod, SweepPeriod);
        return base.OnActivateAsync(cancellationToken);
    }

    public async Task<bool> Report(string frontEnd, MercureSubscriptionChange[] changes, MercureSubscriptionEntry[]? snapshot, TimeSpan lease)
    {
        ArgumentNullException.ThrowIfNull(frontEnd);
        ArgumentNullException.ThrowIfNull(changes);
        await SweepAsync(CancellationToken.None);
        if (_table.Renew(frontEnd, lease))
        {
            foreach (var change in changes)
            {
                _table.Apply(frontEnd, change);
            }

            await PublishAsync(changes);
            return true;
        }

        if (snapshot is null)
        {
            return false;
        }

        // Its list was lost (a reactivation) or ended (its lease ran out): announce what it says again.
        _table.Replace(frontEnd, snapshot, lease);
        var announced = new List<MercureSubscriptionChange>(snapshot.Length + changes.Length);
        foreach (var change in changes)
        {
            if (!change.Active)
            {
                announced.Add(change);
            }
        }

        foreach (var entry in snapshot)
        {
            announced.Add(new MercureSubscriptionChange(entry, Active: true));
        }

        await PublishAsync(announced);
        return true;
    }

    public Task<MercureSubscriptionList> List(string? selector, string? subscriber) =>
        Task.FromResult(new MercureSubscriptionList(_lastEventId, _table.List(selector, subscriber)));

    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        foreach (var (frontEnd, entries) in _table.TakeExpired())
        {
            if (entries.Length == 0)
            {
                continue;
            }

            logger.SubscriptionLeaseExpired(frontEnd, entries.Length);
            var ended = new MercureSubscriptionChange[entries.Length];
            for (var i = 0; i < entries.Length; i++)
            {
                ended[i] = new MercureSubscriptionChange(entries[i], Active: false);
            }

            await PublishAsync(ended);
        }
    }

    // Ids are given in order, so the newest is the last event of the list; one subscription's events are published
    // one after another (a start before its end), different subscriptions' side by side.
    private Task PublishAsync(IReadOnlyList<MercureSubscriptionChange> changes)
    {
        if (changes.Count == 0)
        {
            return Task.CompletedTask;
        }

        var chains = new Dictionary<string, List<(MercureSubscriptionChange Change, string UpdateId)>>(StringComparer.Ordinal);
        foreach (var change in changes)
        {
            if (!chains.TryGetValue(change.Entry.Id, out var chain))
            {
                chains.Add(change.Entry.Id, chain = []);
            }

            _lastEventId = "urn:uuid:" + Guid.CreateVersion7();
            chain.Add((change, _lastEventId));
        }

        var publishes = new List<Task>(chains.Count);
        foreach (var chain in chains.Values)
        {
            publishes.Add(PublishChainAsync(chain));
        }

        return Task.WhenAll(publishes);
    }

    private async Task PublishChainAsync(List<(MercureSubscriptionChange Change, string UpdateId)> chain)
    {
        foreach (var (change, updateId) in chain)
        {
            var entry = change.Entry;
            try
            {
                await GrainFactory.PublishUpdateWithRetriesAsync(
                    [entry.Namespace],
                    new SseEvent(null, entry.EventData(change.Active)),
                    new MercureFields(updateId, [entry.Id], Private: true, Retry: 0),
                    Guid.NewGuid(),
                    PublishRetry,
                    time);
            }
            catch (Exception exception) when (exception is OrleansException or TimeoutException or ArgumentException)
            {
                logger.SubscriptionEventFailed(exception, entry.Id, change.Active);
            }
        }
    }
}
