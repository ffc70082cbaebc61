using Microsoft.Extensions.Options;
using SseOrleans.Abstractions;

namespace SseOrleans.Grains.History;

/// <summary>
/// <c>Sse:History:ProviderType=Memory</c> (the default): every namespace's history in this silo's memory,
/// under one lock, so that an append and an interest report are each one atomic step as in Redis. One silo
/// numbers every namespace; a cluster of several silos needs the Redis history (each silo would number the
/// same namespace on its own), which is why a silo configured for a cluster refuses the memory history.
/// Nothing survives the process: its epochs are the times it first touched each namespace. What the events
/// hold counts against the process's <see cref="HistoryMemoryBudget"/>; a namespace with nothing left to keep
/// is forgotten by the next sweep (every <see cref="SweepInterval"/>, on the next call), so that subscribes to
/// ever new namespaces do not grow the store.
/// </summary>
internal sealed class MemoryHistoryStore(IOptions<SseOptions> options, TimeProvider time, HistoryMemoryBudget budget) : IHistoryStore
{
    /// <summary>How often, at most, the store looks for namespaces it may forget.</summary>
    public static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, MemoryNamespaceState> _namespaces = new(StringComparer.Ordinal);
    private readonly MercureIdIndex _mercureIds = new(options.Value.HistoryMaxAge, time);
    private long _position;
    private long _nextSweep;

    /// <summary>How many namespaces the store holds now.</summary>
    public int NamespaceCount
    {
        get
        {
            lock (_gate)
            {
                return _namespaces.Count;
            }
        }
    }

    public Task<StoreAppend> AppendAsync(IReadOnlyList<PublishRequest> batch)
    {
        var ids = new SseEventId[batch.Count];
        PublishRefusal[]? refusals = null;
        var fingerprints = new UInt128[batch.Count]; // hashed before the lock is taken
        for (var i = 0; i < batch.Count; i++)
        {
            fingerprints[i] = batch[i].PublishId == Guid.Empty ? default : PublishFingerprint.Of(batch[i]);
        }

        var touched = new Dictionary<MemoryNamespaceState, List<NamespaceEvent>>(); // in the order first touched (nothing is removed)
        lock (_gate)
        {
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            SweepIfDue(now);
            for (var i = 0; i < batch.Count; i++)
            {
                var request = batch[i];
                var target = Open(request.Target);
                var fingerprint = fingerprints[i];
                if (request.PublishId != Guid.Empty && target.PublishIds.TryGet(request.PublishId, out var repeated))
                {
                    ids[i] = repeated.Id;
                    if (repeated.Fingerprint != fingerprint)
                    {
                        (refusals ??= new PublishRefusal[batch.Count])[i] = PublishRefusal.PublishIdReused;
                    }

                    continue;
                }

                if (request.IsLate(now))
                {
                    (refusals ??= new PublishRefusal[batch.Count])[i] = PublishRefusal.TooLate;
                    continue;
                }

                var position = ++_position;
                var item = target.Append(request, request.Target, position);
                ids[i] = item.Id;
                Touched(touched, target).Add(item);
                if (request.PublishId != Guid.Empty)
                {
                    target.PublishIds.Add(request.PublishId, new RememberedPublish(item.Id, fingerprint));
                }

                if (request.Mercure is { } mercure)
                {
                    _mercureIds.Add(mercure.Id, position);
                }

                foreach (var more in request.MoreTargets ?? [])
                {
                    var state = Open(more);
                    Touched(touched, state).Add(state.Append(request, more, position));
                }

                foreach (var path in request.Ancestors())
                {
                    if (_namespaces.TryGetValue(path, out var ancestor) && ancestor.KeepUntil > now)
                    {
                        Touched(touched, ancestor).Add(ancestor.Append(request, request.OriginIn(path), position));
                    }
                }
            }

            var appended = new NamespaceAppend[touched.Count];
            var at = 0;
            foreach (var (state, events) in touched)
            {
                appended[at++] = new NamespaceAppend(state.Path, [.. events], state.LiveUntil > now);
            }

            return Task.FromResult(new StoreAppend(ids, appended, refusals));
        }
    }

    public Task<SseEventId> ReportInterestAsync(string path, DateTimeOffset liveUntil, DateTimeOffset keepUntil)
    {
        lock (_gate)
        {
            SweepIfDue(time.GetUtcNow().ToUnixTimeMilliseconds());
            var state = Open(path);
            state.Interest(liveUntil.ToUnixTimeMilliseconds(), keepUntil.ToUnixTimeMilliseconds());
            return Task.FromResult(state.LastId);
        }
    }

    public Task<SseEventId> ReadLastIdAsync(string path)
    {
        lock (_gate)
        {
            return Task.FromResult(_namespaces.TryGetValue(path, out var state) ? state.LastId : default);
        }
    }

    public Task<SseEventId?> FindAfterUpdateAsync(string path, string mercureId)
    {
        lock (_gate)
        {
            if (!_mercureIds.TryGet(mercureId, out var position))
            {
                return Task.FromResult<SseEventId?>(null);
            }

            return Task.FromResult<SseEventId?>(_namespaces.TryGetValue(path, out var state) ? state.LastAtOrBefore(position) : default(SseEventId));
        }
    }

    public Task<EventReplay> ReadAfterAsync(string path, SseEventId lastEventId, int maxBytes)
    {
        lock (_gate)
        {
            return Task.FromResult(_namespaces.TryGetValue(path, out var state)
                ? state.ReadAfter(lastEventId, maxBytes)
                : new EventReplay([], ReplayCompleteness.UnknownId, 0));
        }
    }

    private MemoryNamespaceState Open(string path)
    {
        if (!_namespaces.TryGetValue(path, out var state))
        {
            state = new MemoryNamespaceState(path, options.Value, time, budget);
            _namespaces.Add(path, state);
        }

        return state;
    }

    private void SweepIfDue(long now)
    {
        if (now < _nextSweep)
        {
            return;
        }

        _nextSweep = now + (long)SweepInterval.TotalMilliseconds;
        List<string>? forgotten = null;
        foreach (var (path, state) in _namespaces)
        {
            if (state.Forgettable(now))
            {
                state.Release();
                (forgotten ??= []).Add(path);
            }
        }

        foreach (var path in forgotten ?? [])
        {
            _namespaces.Remove(path);
        }
    }

    private static List<NamespaceEvent> Touched(Dictionary<MemoryNamespaceState, List<NamespaceEvent>> touched, MemoryNamespaceState state)
    {
        if (!touched.TryGetValue(state, out var events))
        {
            events = [];
            touched.Add(state, events);
        }

        return events;
    }
}
