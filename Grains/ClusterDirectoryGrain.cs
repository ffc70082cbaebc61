using SseOrleans.Abstractions;

namespace SseOrleans.Grains;

/// <summary>
/// The cluster view for status pages. Front-end reports are leases (like <see cref="SubscriberLeases"/>):
/// a front-end that dies drops out once its lease has passed. Publish counts are kept per namespace
/// until the namespace has had no subscribers and no events for <see cref="IdleRetention"/>.
/// The state is in memory only: after a reactivation the reports rebuild it within a lease.
/// </summary>
public sealed class ClusterDirectoryGrain(TimeProvider time) : Grain, IClusterDirectoryGrain
{
    private const int MaxLimit = 10_000;
    private static readonly TimeSpan IdleRetention = TimeSpan.FromMinutes(10);

    private readonly Dictionary<string, FrontEndLease> _frontEnds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PublishRate> _published = new(StringComparer.Ordinal);
    private readonly PublishRate _allPublished = new();

    public Task<bool> ReportFrontEnd(FrontEndReport report, TimeSpan lease)
    {
        ArgumentNullException.ThrowIfNull(report);
        var now = time.GetUtcNow();
        var namespaces = report.Namespaces
            ?? (_frontEnds.TryGetValue(report.FrontEnd, out var previous) ? previous.Report.Namespaces : null);
        _frontEnds[report.FrontEnd] = new FrontEndLease(report with { Namespaces = namespaces }, now, now + lease);
        return Task.FromResult(namespaces is null);
    }

    public Task ReportPublished(NamespaceCount[] published)
    {
        ArgumentNullException.ThrowIfNull(published);
        var now = time.GetUtcNow();
        foreach (var (path, count) in published)
        {
            if (!_published.TryGetValue(path, out var rate))
            {
                _published.Add(path, rate = new PublishRate());
            }

            rate.Add(count, now);
            _allPublished.Add(count, now);
        }

        return Task.CompletedTask;
    }

    public Task<ClusterView> GetView(int limit)
    {
        var now = time.GetUtcNow();
        var frontEnds = new List<FrontEndEntry>(_frontEnds.Count);
        var subscribers = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (id, lease) in _frontEnds.ToArray())
        {
            if (lease.Expires <= now)
            {
                _frontEnds.Remove(id);
                continue;
            }

            var report = lease.Report;
            frontEnds.Add(new FrontEndEntry(id, report.Connections, report.EventsBroadcast, lease.ReportedAt));
            foreach (var (path, count) in report.Namespaces ?? [])
            {
                subscribers[path] = subscribers.GetValueOrDefault(path) + (int)count;
            }
        }

        foreach (var (path, rate) in _published.ToArray())
        {
            if (!subscribers.ContainsKey(path) && now - rate.LastPublished > IdleRetention)
            {
                _published.Remove(path);
            }
        }

        var entries = new List<NamespaceEntry>(subscribers.Count + _published.Count);
        foreach (var (path, count) in subscribers)
        {
            entries.Add(Entry(path, count, now));
        }

        foreach (var path in _published.Keys)
        {
            if (!subscribers.ContainsKey(path))
            {
                entries.Add(Entry(path, 0, now));
            }
        }

        entries.Sort(static (a, b) =>
            a.Subscribers != b.Subscribers ? b.Subscribers.CompareTo(a.Subscribers)
            : a.Published != b.Published ? b.Published.CompareTo(a.Published)
            : string.CompareOrdinal(a.Namespace, b.Namespace));
        frontEnds.Sort(static (a, b) => string.CompareOrdinal(a.FrontEnd, b.FrontEnd));
        var shown = entries.GetRange(0, Math.Min(entries.Count, Math.Clamp(limit, 0, MaxLimit)));
        return Task.FromResult(new ClusterView(
            [.. frontEnds], [.. shown], entries.Count, _allPublished.Total, Math.Round(_allPublished.PerSecond(now), 2)));
    }

    private NamespaceEntry Entry(string path, int subscribers, DateTimeOffset now) =>
        _published.TryGetValue(path, out var rate)
            ? new NamespaceEntry(path, subscribers, rate.Total, Math.Round(rate.PerSecond(now), 2))
            : new NamespaceEntry(path, subscribers, 0, 0);

    private readonly record struct FrontEndLease(FrontEndReport Report, DateTimeOffset ReportedAt, DateTimeOffset Expires);
}
