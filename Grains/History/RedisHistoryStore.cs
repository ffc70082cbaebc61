using System.Globalization;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using SseOrleans.Abstractions;
using StackExchange.Redis;

namespace SseOrleans.Grains.History;

/// <summary>
/// <c>Sse:History:ProviderType=Redis</c>: every namespace's history, epoch, sequence, interest and recent
/// publish ids in Redis (the keyed connection <c>Sse:History:ServiceKey</c>), under a prefix with the Orleans
/// ServiceId so that clusters sharing a Redis do not collide (keys and scripts: <see cref="RedisHistoryScripts"/>).
/// One script per append batch, whatever namespaces it touches: it numbers from the stored sequences, so
/// silos appending to one namespace at once, or an attempt that timed out but ran, never make a hole or a
/// repeated id.
/// </summary>
internal sealed class RedisHistoryStore(
    IConnectionMultiplexer redis,
    IOptions<SseOptions> options,
    IOptions<ClusterOptions> cluster,
    TimeProvider time) : IHistoryStore
{
    private readonly string _prefix = KeyPrefix(cluster.Value.ServiceId);

    private IDatabase Database => redis.GetDatabase();

    /// <summary><c>sse:{serviceId}:</c>: the braces make the service id the hash tag of every key of the service.</summary>
    public static string KeyPrefix(string serviceId) => $"sse:{{{serviceId}}}:";

    public async Task<StoreAppend> AppendAsync(IReadOnlyList<PublishRequest> batch)
    {
        var sse = options.Value;
        var now = time.GetUtcNow();
        var nowMs = now.ToUnixTimeMilliseconds();
        var generation = RetentionGeneration.Of(now, sse.PublishIdRetention);
        var values = new List<RedisValue>(11 + (batch.Count * 9))
        {
            nowMs,
            _prefix,
            sse.HistorySize,
            sse.HistoryMaxBytes,
            nowMs - (long)sse.HistoryMaxAge.TotalMilliseconds,
            (long)sse.HistoryMaxAge.TotalMilliseconds,
            (long)(2 * sse.PublishIdRetention).TotalMilliseconds,
            Text(generation),
            Text(generation - 1),
            batch.Count,
            (long)(2 * sse.HistoryMaxAge).TotalMilliseconds,
        };
        foreach (var request in batch)
        {
            values.Add(request.Target);
            values.Add(request.PublishId == Guid.Empty ? RedisValue.EmptyString : (RedisValue)request.PublishId.ToByteArray());
            values.Add(request.PublishId == Guid.Empty ? RedisValue.EmptyString : PublishFingerprint.Text(PublishFingerprint.Of(request)));
            values.Add(request.Deadline);
            values.Add(request.Name is null ? RedisValue.EmptyString : "=" + request.Name);
            values.Add(request.Data);
            values.Add(request.Mercure?.Id ?? string.Empty);
            var more = request.MoreTargets ?? [];
            values.Add(more.Length);
            foreach (var target in more)
            {
                values.Add(target);
            }

            AddMercureFields(values, request.Mercure);
            var ancestors = request.Ancestors();
            values.Add(ancestors.Count);
            foreach (var path in ancestors)
            {
                values.Add(path);
                values.Add(request.OriginIn(path));
            }
        }

        var reply = (RedisResult[])(await Run(() => Database.ScriptEvaluateAsync(
            RedisHistoryScripts.Append, [_prefix + "position", MercureIds(now, 0)], [.. values])))!;
        var results = (RedisResult[])reply[0]!;
        var positions = (RedisResult[])reply[1]!;
        var namespaces = (RedisResult[])reply[2]!;

        var ids = new SseEventId[batch.Count];
        PublishRefusal[]? refusals = null;
        for (var i = 0; i < ids.Length; i++)
        {
            var result = (string)results[i]!;
            switch (result[0])
            {
                case '=':
                    ids[i] = ParseId(result[1..]);
                    break;
                case '!':
                    ids[i] = ParseId(result[1..]);
                    (refusals ??= new PublishRefusal[batch.Count])[i] = PublishRefusal.PublishIdReused;
                    break;
                case '-':
                    (refusals ??= new PublishRefusal[batch.Count])[i] = PublishRefusal.TooLate;
                    break;
                default:
                    ids[i] = ParseId(result);
                    break;
            }
        }

        var appended = new NamespaceAppend[namespaces.Length];
        for (var n = 0; n < appended.Length; n++)
        {
            var entry = (RedisResult[])namespaces[n]!;
            var path = (string)entry[0]!;
            var events = (RedisResult[])entry[2]!;
            var items = new NamespaceEvent[events.Length / 2];
            for (var e = 0; e < items.Length; e++)
            {
                var index = (int)events[(2 * e) + 1] - 1;
                var request = batch[index];
                items[e] = new NamespaceEvent(ParseId((string)events[2 * e]!), request.Name, request.Data, request.OriginIn(path), (long)positions[index], request.Mercure);
            }

            appended[n] = new NamespaceAppend(path, items, (int)entry[1] == 1);
        }

        return new StoreAppend(ids, appended, refusals);
    }

    public async Task<SseEventId> ReportInterestAsync(string path, DateTimeOffset liveUntil, DateTimeOffset keepUntil)
    {
        var sse = options.Value;
        var reply = (RedisResult[])(await Read(() => Database.ScriptEvaluateAsync(
            RedisHistoryScripts.ReportInterest,
            [Meta(path), Stream(path)],
            [liveUntil.ToUnixTimeMilliseconds(), keepUntil.ToUnixTimeMilliseconds(), time.GetUtcNow().ToUnixTimeMilliseconds(), (long)sse.HistoryMaxAge.TotalMilliseconds])))!;
        return Id((long)reply[0], (long)reply[1]);
    }

    public async Task<SseEventId> ReadLastIdAsync(string path)
    {
        var state = await Read(() => Database.HashGetAsync(Meta(path), [(RedisValue)"e", (RedisValue)"s"]));
        return state[0].IsNull || state[1].IsNull ? default : Id((long)state[0], (long)state[1]);
    }

    public async Task<SseEventId?> FindAfterUpdateAsync(string path, string mercureId)
    {
        var now = time.GetUtcNow();
        var reply = (RedisResult[])(await Read(() => Database.ScriptEvaluateAsync(
            RedisHistoryScripts.FindAfterUpdate, [MercureIds(now, 0), MercureIds(now, 1), Meta(path), Stream(path)], [mercureId])))!;
        return (long)reply[0] == 0 ? null : Id((long)reply[1], (long)reply[2]);
    }

    public async Task<EventReplay> ReadAfterAsync(string path, SseEventId lastEventId, int maxBytes)
    {
        var oldest = time.GetUtcNow().ToUnixTimeMilliseconds() - (long)options.Value.HistoryMaxAge.TotalMilliseconds;
        var reply = (RedisResult[])(await Read(() => Database.ScriptEvaluateAsync(
            RedisHistoryScripts.ReadAfter,
            [Meta(path), Stream(path)],
            [lastEventId.Epoch, lastEventId.Sequence, Math.Max(0, maxBytes), oldest])))!;
        var epoch = (long)reply[0];
        var sequence = (long)reply[1];
        var events = Array.ConvertAll((RedisResult[])reply[2]!, entry => ToEvent(path, (RedisResult[])entry!));
        var known = epoch != 0 && lastEventId.Epoch == epoch && lastEventId.Sequence <= sequence;
        var first = events.Length > 0 ? events[0].Id.Sequence : sequence + 1;
        var completeness = !known ? ReplayCompleteness.UnknownId
            : first == lastEventId.Sequence + 1 ? ReplayCompleteness.Complete
            : ReplayCompleteness.Truncated;

        // Sequences have no holes and are trimmed oldest first, so what is retained is first..sequence.
        var remaining = events.Length == 0 ? 0 : (int)Math.Min(int.MaxValue, sequence - first + 1);
        return new EventReplay(events, completeness, remaining);
    }

    private RedisKey Meta(string path) => _prefix + path + ":m";

    // The Mercure id index of the service, in generations of the history's age: an id lives at least that long.
    private RedisKey MercureIds(DateTimeOffset now, int generationsBack) =>
        _prefix + "mercure-ids:" + Text(RetentionGeneration.Of(now, options.Value.HistoryMaxAge) - generationsBack);

    private RedisKey Stream(string path) => _prefix + path + ":s";

    private static SseEventId Id(long epoch, long sequence) => epoch == 0 || sequence == 0 ? default : new SseEventId(epoch, sequence);

    private static NamespaceEvent ToEvent(string path, RedisResult[] entry)
    {
        var fields = (RedisResult[])entry[1]!;
        string? name = null;
        var data = string.Empty;
        var origin = path;
        var position = 0L;
        string? mercureId = null;
        string[] topics = [];
        var isPrivate = false;
        var retry = 0UL;
        for (var i = 0; i + 1 < fields.Length; i += 2)
        {
            switch ((string?)fields[i])
            {
                case "d": data = (string)fields[i + 1]!; break;
                case "n": name = (string?)fields[i + 1]; break;
                case "o": origin = (string)fields[i + 1]!; break;
                case "p": position = (long)fields[i + 1]; break;
                case "i": mercureId = (string)fields[i + 1]!; break;
                case "T": topics = ((string)fields[i + 1]!).Split('\n'); break;
                case "x": isPrivate = true; break;
                case "r": retry = (ulong)fields[i + 1]; break;
            }
        }

        var mercure = mercureId is null ? null : new MercureFields(mercureId, topics, isPrivate, retry);
        return new NamespaceEvent(ParseId((string?)entry[0]), name, data, origin, position, mercure);
    }

    // Only the fields an update has: a plain event's entry stays as it was.
    private static void AddMercureFields(List<RedisValue> values, MercureFields? mercure)
    {
        if (mercure is null)
        {
            values.Add(0);
            return;
        }

        var countAt = values.Count;
        values.Add(0);
        values.Add("i");
        values.Add(mercure.Id);
        values.Add("T");
        values.Add(string.Join('\n', mercure.Topics));
        if (mercure.Private)
        {
            values.Add("x");
            values.Add("1");
        }

        if (mercure.Retry != 0)
        {
            values.Add("r");
            values.Add(mercure.Retry);
        }

        values[countAt] = values.Count - countAt - 1;
    }

    private static SseEventId ParseId(string? text) =>
        SseEventId.TryParse(text, out var id) ? id : throw new InvalidDataException($"'{text}' in a namespace history is not an event id.");

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    // Anything but an append, within Sse:History:ReadTimeout rather than the connection's own (longer) timeout:
    // a subscription that waits on it is answered 503 promptly while Redis stalls. The call itself goes on, and
    // its late failure is observed here.
    private Task<T> Read<T>(Func<Task<T>> call) => Run(() =>
    {
        var read = call();
        _ = read.ContinueWith(static late => late.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return read.WaitAsync(options.Value.History.ReadTimeout, time);
    });

    // Whatever Redis does wrong (unreachable, too slow, refusing the write) reaches the grain's callers as
    // one exception that says the history could not be written or read; the publish is then not answered 202.
    // Only its message goes along: the client has no codec for Redis's exception types.
    private static async Task<T> Run<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            throw new HistoryUnavailableException($"The history is unavailable ({exception.GetType().Name}: {exception.Message})");
        }
    }
}
