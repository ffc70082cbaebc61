using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.Namespaces;

namespace SseOrleans.FrontEnd.FanOut;

/// <summary>
/// Tells the namespace grains how many local connections subscribe to them: changed counts once per
/// <see cref="SseOptions.SubscriberReportInterval"/>, every count again at a third of the lease, so
/// the grains' view is cluster-wide and forgets a front-end that died. Never one call per event. Each
/// answer is the namespace's newest id, handed to <see cref="FeedRepairs"/>: a quiet feed that is behind it
/// repairs from the history.
/// </summary>
internal sealed class SubscriberCountReporter(
    FanOutHub hub,
    INamespaceGrains namespaces,
    FeedRepairs repairs,
    FrontEndIdentity identity,
    IOptions<SseOptions> options,
    TimeProvider time,
    ILogger<SubscriberCountReporter> logger) : PeriodicBackgroundService(options.Value.SubscriberReportInterval, time)
{
    private Dictionary<string, int> _reported = new(StringComparer.Ordinal);
    private DateTimeOffset _lastRenewal;

    protected override async Task RunOnceAsync(CancellationToken stoppingToken)
    {
        var feeds = hub.Feeds();
        var current = new Dictionary<string, int>(feeds.Length, StringComparer.Ordinal);
        var lease = options.Value.SubscriberLease;
        var now = Time.GetUtcNow();
        var renew = now - _lastRenewal >= lease / 3;
        var reports = new List<Task>();
        foreach (var feed in feeds)
        {
            var count = feed.Delivery.Count;
            current[feed.Namespace] = count;
            if (renew || !_reported.TryGetValue(feed.Namespace, out var reported) || reported != count)
            {
                reports.Add(ReportAsync(feed, count, lease));
            }
        }

        foreach (var path in _reported.Keys)
        {
            if (!current.ContainsKey(path))
            {
                reports.Add(namespaces.ReportSubscribers(path, identity.Id, 0, lease));
            }
        }

        // On failure nothing is marked reported, so the next tick sends it all again.
        await Task.WhenAll(reports);
        _reported = current;
        if (renew)
        {
            _lastRenewal = now;
        }
    }

    protected override void RoundFailed(Exception exception) => logger.ReportFailed(exception);

    private async Task ReportAsync(NamespaceFeed feed, int count, TimeSpan lease)
    {
        var mark = feed.Order.DeliveryMark;
        var newest = await namespaces.ReportSubscribers(feed.Namespace, identity.Id, count, lease);
        repairs.CatchUp(feed.Order, newest, mark);
    }
}
