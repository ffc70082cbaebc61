using System.Threading.Channels;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.Namespaces;

namespace SseOrleans.Api.Tests.FanOut;

/// <summary>
/// Namespace grains without a cluster: each namespace numbers events and keeps their history as the grain
/// does (pages, completeness, newest id), so a test can lose a stream item on purpose and watch the feed
/// repair it. Reads can be held, or fail as during a failover; every call is recorded.
/// </summary>
internal sealed class FakeNamespaceGrains : INamespaceGrains
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, History> _namespaces = new(StringComparer.Ordinal);
    private readonly Channel<SseEventId> _reads = Channel.CreateUnbounded<SseEventId>();
    private readonly Channel<(string Path, int Count)> _reports = Channel.CreateUnbounded<(string, int)>();
    private TaskCompletionSource? _heldReads;
    private TaskCompletionSource? _heldReports;

    /// <summary>While set, reads of a history fail, as while the cluster moves its grains.</summary>
    public bool ReadsFail { get; set; }

    public int ReadCount { get; private set; }

    /// <summary>Numbers events in <paramref name="path"/> and keeps them; returns them as its stream would carry them.</summary>
    public NamespaceEvent[] Append(string path, params string[] data)
    {
        lock (_gate)
        {
            var history = Get(path);
            var events = Array.ConvertAll(data, item => new NamespaceEvent(new SseEventId(history.Epoch, ++history.Sequence), null, item, path));
            history.Events.AddRange(events);
            return events;
        }
    }

    /// <summary>The namespace's history is lost (its grain reactivated without it): a new epoch, nothing retained.</summary>
    public void Restart(string path)
    {
        lock (_gate)
        {
            var history = Get(path);
            history.Epoch++;
            history.Sequence = 0;
            history.Events.Clear();
        }
    }

    /// <summary>Drops the oldest <paramref name="count"/> retained events, as the history's bounds would.</summary>
    public void Forget(string path, int count)
    {
        lock (_gate)
        {
            Get(path).Events.RemoveRange(0, count);
        }
    }

    public SseEventId Newest(string path)
    {
        lock (_gate)
        {
            var history = Get(path);
            return history.Sequence == 0 ? default : new SseEventId(history.Epoch, history.Sequence);
        }
    }

    /// <summary>From now on reads wait (as a slow grain call) until <see cref="ReleaseReads"/>.</summary>
    public void HoldReads()
    {
        lock (_gate)
        {
            _heldReads = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void ReleaseReads()
    {
        TaskCompletionSource? held;
        lock (_gate)
        {
            held = _heldReads;
            _heldReads = null;
        }

        held?.TrySetResult();
    }

    /// <summary>From now on subscriber reports wait (as a namespace whose history store stalls) until <see cref="ReleaseReports"/>.</summary>
    public void HoldReports()
    {
        lock (_gate)
        {
            _heldReports = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void ReleaseReports()
    {
        TaskCompletionSource? held;
        lock (_gate)
        {
            held = _heldReports;
            _heldReports = null;
        }

        held?.TrySetResult();
    }

    /// <summary>Completes at the next read of a history (one made already included), with the id it read after.</summary>
    public async Task<SseEventId> NextReadAsync(CancellationToken cancellationToken) => await _reads.Reader.ReadAsync(cancellationToken);

    /// <summary>Completes at the next subscriber report (one made already included).</summary>
    public async Task<(string Path, int Count)> NextReportAsync(CancellationToken cancellationToken) => await _reports.Reader.ReadAsync(cancellationToken);

    public Task<SseEventId> Publish(string path, SseEvent sseEvent, Guid publishId, TimeSpan retryFor, CancellationToken cancellationToken) =>
        Task.FromResult(Append(path, sseEvent.Data)[0].Id);

    public Task<SseEventId?> FindAfterUpdate(string path, string mercureId) =>
        throw new NotSupportedException("The fan-out tests replay by namespace ids.");

    public Task<SseEventId> PublishUpdate(string[] targets, SseEvent sseEvent, MercureFields mercure, Guid publishId, TimeSpan retryFor, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The fan-out tests publish plain events.");

    public async Task<EventReplay> GetEventsAfter(string path, SseEventId after, int maxBytes)
    {
        Task held;
        lock (_gate)
        {
            ReadCount++;
            held = _heldReads?.Task ?? Task.CompletedTask;
        }

        _reads.Writer.TryWrite(after);
        await held;
        if (ReadsFail)
        {
            throw new OrleansException("the namespace grain is moving");
        }

        lock (_gate)
        {
            return Get(path).After(after, maxBytes);
        }
    }

    public Task<SseEventId> GetLastEventId(string path) => Task.FromResult(Newest(path));

    public async Task<SseEventId> ReportSubscribers(string path, string frontEnd, int count, TimeSpan lease)
    {
        Task held;
        lock (_gate)
        {
            held = _heldReports?.Task ?? Task.CompletedTask;
        }

        _reports.Writer.TryWrite((path, count));
        await held;
        return Newest(path);
    }

    private History Get(string path)
    {
        if (!_namespaces.TryGetValue(path, out var history))
        {
            history = new History();
            _namespaces.Add(path, history);
        }

        return history;
    }

    private sealed class History
    {
        public long Epoch { get; set; } = 1_700_000_000_000;

        public long Sequence { get; set; }

        public List<NamespaceEvent> Events { get; } = [];

        // The grain's rules: Complete when nothing after the id was dropped, Truncated when some was,
        // UnknownId for an id of another epoch; a page holds at most maxBytes of data, but one event.
        public EventReplay After(SseEventId after, int maxBytes)
        {
            var oldest = Events.Count > 0 ? Events[0].Id.Sequence : Sequence + 1;
            var completeness = after.Epoch != Epoch || after.Sequence > Sequence ? ReplayCompleteness.UnknownId
                : after.Sequence >= oldest - 1 ? ReplayCompleteness.Complete
                : ReplayCompleteness.Truncated;
            var rest = Events.Where(e => completeness != ReplayCompleteness.Complete || e.Id.Sequence > after.Sequence).ToList();
            var page = new List<NamespaceEvent>();
            var bytes = 0;
            foreach (var item in rest)
            {
                if (page.Count > 0 && bytes + item.Data.Length > maxBytes)
                {
                    break;
                }

                bytes += item.Data.Length;
                page.Add(item);
            }

            return new EventReplay([.. page], completeness, rest.Count);
        }
    }
}
