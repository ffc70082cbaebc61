using System.Globalization;
using SseOrleans.Abstractions;
using StackExchange.Redis;

namespace SseOrleans.Grains.History;

/// <summary>
/// A namespace's history in Redis (keys and scripts: <see cref="RedisHistoryScripts"/>). Each batch is one
/// script, so it is numbered and kept entirely or not at all, with its publish ids and forward watermarks,
/// before the grain answers anyone; the script numbers from the stored sequence, so an attempt that timed
/// out but ran, or a second activation during a failover, never makes a hole or a repeated id: the next
/// append sees the sequence ahead of what this instance knew and reads the events in between.
/// </summary>
internal sealed class RedisNamespaceHistory(RedisHistoryStore store, string prefix, string path) : INamespaceHistory
{
    private const int CandidateValues = 7;
    private readonly RedisKey _meta = prefix + "m";
    private readonly RedisKey _stream = prefix + "s";
    private long _epoch;
    private long _sequence;

    public SseEventId LastId => _sequence == 0 ? default : new SseEventId(_epoch, _sequence);

    public async Task LoadAsync()
    {
        var state = await Run(() => store.Database.HashGetAsync(_meta, [(RedisValue)"e", (RedisValue)"s"]));
        _epoch = state[0].IsNull ? 0 : (long)state[0];
        _sequence = state[1].IsNull ? 0 : (long)state[1];
    }

    // What is stored, without taking it as seen: this instance forwards its parent every event from the
    // last one it saw on, so it learns of others' events only where AppendAsync reads them in between.
    public async Task<SseEventId> ReadLastIdAsync()
    {
        var state = await Run(() => store.Database.HashGetAsync(_meta, [(RedisValue)"e", (RedisValue)"s"]));
        return state[0].IsNull || state[1].IsNull || (long)state[1] == 0 ? default : new SseEventId((long)state[0], (long)state[1]);
    }

    public async Task<HistoryAppend> AppendAsync(IReadOnlyList<HistoryCandidate> batch)
    {
        var options = store.Options;
        var now = store.Time.GetUtcNow();
        var retention = options.PublishIdRetention;
        var generation = PublishIdWindow.Generation(now, retention);
        RedisKey[] keys = [_meta, _stream, prefix + "k:" + Text(generation), prefix + "k:" + Text(generation - 1)];
        var values = new RedisValue[8 + (batch.Count * CandidateValues)];
        var nowMs = now.ToUnixTimeMilliseconds();
        values[0] = nowMs;
        values[1] = nowMs;
        values[2] = options.HistorySize;
        values[3] = options.HistoryMaxBytes;
        values[4] = nowMs - (long)options.HistoryMaxAge.TotalMilliseconds;
        values[5] = (long)options.HistoryMaxAge.TotalMilliseconds;
        values[6] = (long)(2 * retention).TotalMilliseconds;
        values[7] = batch.Count;
        for (var i = 0; i < batch.Count; i++)
        {
            var candidate = batch[i];
            var at = 8 + (i * CandidateValues);
            if (candidate.Child is { } child)
            {
                values[at] = "f";
                values[at + 1] = child;
                values[at + 2] = candidate.ChildId.Epoch;
                values[at + 3] = candidate.ChildId.Sequence;
            }
            else
            {
                values[at] = candidate.PublishId == Guid.Empty ? "n" : "p";
                values[at + 1] = candidate.PublishId == Guid.Empty ? RedisValue.EmptyString : (RedisValue)candidate.PublishId.ToByteArray();
                values[at + 2] = 0;
                values[at + 3] = 0;
            }

            values[at + 4] = candidate.Name is null ? RedisValue.EmptyString : "=" + candidate.Name;
            values[at + 5] = candidate.Data;
            values[at + 6] = string.Equals(candidate.Origin, path, StringComparison.Ordinal) ? RedisValue.EmptyString : candidate.Origin;
        }

        var reply = (RedisResult[])(await Run(() => store.Database.ScriptEvaluateAsync(RedisHistoryScripts.Append, keys, values)))!;
        var epoch = (long)reply[0];
        var before = (long)reply[1];
        var results = (RedisResult[])reply[3]!;

        var known = epoch == _epoch ? _sequence : 0;
        if (epoch != _epoch && _epoch != 0)
        {
            store.Logger.HistoryEpochRestarted(path, _epoch, epoch);
        }

        _epoch = epoch;
        var events = new List<NamespaceEvent>(batch.Count);
        if (before > known)
        {
            // Appended by someone else since this instance last looked: an attempt of ours whose answer
            // was lost, or another activation. They are new to this activation's stream and parent too.
            events.AddRange(await ReadRangeAsync(known, before, int.MaxValue));
        }

        var ids = new SseEventId[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var result = (string?)results[i] ?? string.Empty;
            if (result.Length == 0)
            {
                continue;
            }

            if (result[0] == '=')
            {
                ids[i] = ParseId(result[1..]);
                continue;
            }

            ids[i] = ParseId(result);
            var candidate = batch[i];
            events.Add(new NamespaceEvent(ids[i], candidate.Name, candidate.Data, candidate.Origin));
        }

        _sequence = (long)reply[2];
        return new HistoryAppend(ids, [.. events]);
    }

    public async Task<EventReplay> ReadAfterAsync(SseEventId lastEventId, int maxBytes)
    {
        var options = store.Options;
        var oldest = store.Time.GetUtcNow().ToUnixTimeMilliseconds() - (long)options.HistoryMaxAge.TotalMilliseconds;
        var reply = (RedisResult[])(await Run(() => store.Database.ScriptEvaluateAsync(
            RedisHistoryScripts.ReadAfter,
            [_meta, _stream],
            [lastEventId.Epoch, lastEventId.Sequence, Math.Max(0, maxBytes), oldest])))!;
        var epoch = (long)reply[0];
        var sequence = (long)reply[1];
        var events = Array.ConvertAll((RedisResult[])reply[2]!, entry => ToEvent((RedisResult[])entry!));
        var known = epoch != 0 && lastEventId.Epoch == epoch && lastEventId.Sequence <= sequence;
        var first = events.Length > 0 ? events[0].Id.Sequence : sequence + 1;
        var completeness = !known ? ReplayCompleteness.UnknownId
            : first == lastEventId.Sequence + 1 ? ReplayCompleteness.Complete
            : ReplayCompleteness.Truncated;

        // Sequences have no holes and are trimmed oldest first, so what is retained is first..sequence.
        var remaining = events.Length == 0 ? 0 : (int)Math.Min(int.MaxValue, sequence - first + 1);
        return new EventReplay(events, completeness, remaining);
    }

    public async Task<NamespaceEvent[]> ReadRangeAsync(long after, long through, int maxCount)
    {
        if (through <= after)
        {
            return [];
        }

        var entries = await Run(() => store.Database.StreamRangeAsync(
            _stream, Id(_epoch, after + 1), Id(_epoch, through), maxCount == int.MaxValue ? null : maxCount));
        return Array.ConvertAll(entries, ToEvent);
    }

    public async Task<SseEventId> GetWatermarkAsync(string child)
    {
        var stored = await Run(() => store.Database.HashGetAsync(_meta, "w:" + child));
        return SseEventId.TryParse((string?)stored, out var id) ? id : default;
    }

    private NamespaceEvent ToEvent(StreamEntry entry)
    {
        string? name = null;
        string? data = null;
        var origin = path;
        foreach (var field in entry.Values)
        {
            switch ((string?)field.Name)
            {
                case "d": data = field.Value; break;
                case "n": name = field.Value; break;
                case "o": origin = field.Value!; break;
            }
        }

        return new NamespaceEvent(ParseId(entry.Id), name, data ?? string.Empty, origin);
    }

    private NamespaceEvent ToEvent(RedisResult[] entry)
    {
        var fields = (RedisResult[])entry[1]!;
        var values = new NameValueEntry[fields.Length / 2];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = new NameValueEntry((RedisValue)fields[2 * i], (RedisValue)fields[(2 * i) + 1]);
        }

        return ToEvent(new StreamEntry((RedisValue)entry[0], values));
    }

    private static SseEventId ParseId(string? text) =>
        SseEventId.TryParse(text, out var id) ? id : throw new InvalidDataException($"'{text}' in a namespace history is not an event id.");

    private static RedisValue Id(long epoch, long sequence) => $"{Text(epoch)}-{Text(sequence)}";

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    // Whatever Redis does wrong (unreachable, too slow, refusing the write) reaches the grain's callers as
    // one exception that says the history could not be written or read; the publish is then not answered 202.
    // Only its message goes along: the client has no codec for Redis's exception types.
    private async Task<T> Run<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            throw new HistoryUnavailableException($"The history of {path} is unavailable ({exception.GetType().Name}: {exception.Message})");
        }
    }
}
