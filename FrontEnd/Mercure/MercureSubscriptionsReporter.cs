using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.FanOut;

namespace SseOrleans.FrontEnd.Mercure;

/// <summary>
/// This front-end's part of presence (<c>Sse:Mercure:Subscriptions</c>): hub connections say when their
/// subscriptions start and end (<see cref="Started"/>, <see cref="Ended"/>: a lock and a list, nothing else on the
/// connection's path), and one loop reports what changed to <see cref="IMercureSubscriptionsGrain"/> in batches,
/// which publishes the events. Every third of <see cref="SseMercureOptions.SubscriptionLease"/> it reports even
/// when nothing changed, renewing the lease; when the grain no longer knows this front-end it sends its whole list.
/// A change stays queued until a report carrying it is answered. A clean stop ends every subscription at once.
/// </summary>
internal sealed class MercureSubscriptionsReporter(
    IGrainFactory grains,
    FrontEndIdentity identity,
    IOptions<SseOptions> options,
    TimeProvider time,
    ILogger<MercureSubscriptionsReporter> logger) : BackgroundService
{
    private const int MaxChangesPerReport = 1_000;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LeaveTimeout = TimeSpan.FromSeconds(2);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, MercureSubscriptionEntry> _active = new(StringComparer.Ordinal);
    private readonly List<MercureSubscriptionChange> _pending = [];
    private readonly Channel<bool> _changed = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    private TimeSpan Lease => options.Value.Mercure.SubscriptionLease;

    public void Started(IReadOnlyList<MercureSubscriptionEntry> entries) => Change(entries, active: true);

    public void Ended(IReadOnlyList<MercureSubscriptionEntry> entries) => Change(entries, active: false);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (!options.Value.Mercure.Subscriptions)
        {
            return;
        }

        // Every subscription ends with this front-end: announce it now rather than when the lease runs out.
        MercureSubscriptionChange[] changes;
        lock (_lock)
        {
            foreach (var entry in _active.Values)
            {
                _pending.Add(new MercureSubscriptionChange(entry, Active: false));
            }

            _active.Clear();
            changes = [.. _pending];
            _pending.Clear();
        }

        try
        {
            var subscriptions = grains.GetMercureSubscriptions();
            var known = await subscriptions.Report(identity.Id, changes, null, TimeSpan.Zero).WaitAsync(LeaveTimeout, time, cancellationToken);
            if (!known)
            {
                await subscriptions.Report(identity.Id, changes, [], TimeSpan.Zero).WaitAsync(LeaveTimeout, time, cancellationToken);
            }
        }
        catch (Exception exception) when (exception is OrleansException or TimeoutException or OperationCanceledException)
        {
            logger.SubscriptionLeaveFailed(exception);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Mercure.Subscriptions)
        {
            return;
        }

        var renewal = Lease / 3;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await ReportAsync(withSnapshot: false))
                {
                    await ReportAsync(withSnapshot: true);
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.SubscriptionReportFailed(exception, PendingCount());
                await Task.Delay(RetryDelay, time, stoppingToken);
            }

            if (PendingCount() == 0)
            {
                using var renew = new CancellationTokenSource(renewal, time);
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, renew.Token);
                try
                {
                    await _changed.Reader.ReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    // Time to renew the lease.
                }
            }
        }
    }

    // One report of the oldest queued changes (all of them, with the whole list, when the grain asked for it).
    private async Task<bool> ReportAsync(bool withSnapshot)
    {
        MercureSubscriptionChange[] changes;
        MercureSubscriptionEntry[]? snapshot = null;
        lock (_lock)
        {
            changes = [.. _pending.GetRange(0, withSnapshot ? _pending.Count : Math.Min(_pending.Count, MaxChangesPerReport))];
            if (withSnapshot)
            {
                snapshot = [.. _active.Values];
            }
        }

        if (!await grains.GetMercureSubscriptions().Report(identity.Id, changes, snapshot, Lease))
        {
            return false;
        }

        lock (_lock)
        {
            _pending.RemoveRange(0, changes.Length);
        }

        return true;
    }

    private void Change(IReadOnlyList<MercureSubscriptionEntry> entries, bool active)
    {
        lock (_lock)
        {
            foreach (var entry in entries)
            {
                if (active)
                {
                    _active[entry.Id] = entry;
                }
                else
                {
                    _active.Remove(entry.Id);
                }

                _pending.Add(new MercureSubscriptionChange(entry, active));
            }
        }

        _changed.Writer.TryWrite(true);
    }

    private int PendingCount()
    {
        lock (_lock)
        {
            return _pending.Count;
        }
    }
}
