namespace SseOrleans.Grains.History;

/// <summary>
/// The Lua scripts of <see cref="RedisHistoryStore"/>. Every key of a service starts with
/// <c>sse:{serviceId}:</c>, whose braces make the service id the hash tag: all of them share one slot, so a
/// script that appends to many namespaces also runs on a Redis Cluster (which then holds one service's
/// histories on one shard). Keys of a namespace <c>{path}</c>: <c>{path}:m</c>, a hash with the epoch <c>e</c>,
/// the sequence <c>s</c>, the retained data bytes <c>b</c>, and the interest: until when (ms) its stream is live
/// <c>l</c> and until when it keeps copies of what is published below it <c>k</c>; <c>{path}:s</c>, the stream,
/// whose entry ids are the event ids (<c>{epoch}-{sequence}</c> is a valid stream id and both parts only
/// grow) with the fields <c>t</c> (append time, ms), <c>z</c> (data bytes), <c>p</c> (position), <c>d</c>, and
/// <c>n</c> (name) and <c>o</c> (origin) when there is one, and a Mercure update's <c>i</c> (its id), <c>T</c>
/// (its topics, joined by LF, which no topic holds), <c>x</c> (private, when it is) and <c>r</c> (retry, when
/// not 0) (readers ignore fields they do not know, so events can gain optional ones); <c>{path}:k:{generation}</c>, hashes of publish id →
/// event id, a space and the publish's fingerprint (<see cref="PublishFingerprint"/>; an entry written without one repeats whatever comes). The service's
/// <c>position</c> counts publishes. Shebang scripts: Redis refuses a whole script up front (e.g. out of
/// memory) rather than stopping it halfway, and a script that started runs alone, so a batch is all in or
/// all out, and an interest report falls wholly before or after it.
/// </summary>
internal static class RedisHistoryScripts
{
    /// <summary>
    /// KEYS: the service's position counter, the current generation of the Mercure id index. ARGV: now (ms,
    /// also the epoch of a namespace that has none), the service's key prefix, max count, max bytes, oldest time
    /// kept (ms), history max age (ms), publish-id TTL (ms), current and previous publish-id generation, publish
    /// count, the Mercure id index's TTL (ms), then per publish: target, publish id (<c>""</c> for none), its
    /// fingerprint (hex, <c>""</c> without a publish id), its deadline (unix ms by Redis's clock, <c>TIME</c>; 0 for
    /// none: a publish not already taken is appended only before then), name
    /// (<c>""</c> for none, else <c>"=" .. name</c>), data, its Mercure id (<c>""</c> for none; indexed → position), the
    /// number of its further targets and their paths, the number of extra stream fields and those fields
    /// (name, value, ...; a Mercure update's), the number of ancestors and per ancestor its path and the origin
    /// of its copy (every proper ancestor of a target that is not a target, each once). Each publish is appended
    /// to its targets and to every such ancestor whose <c>k</c> is after now.
    /// Returns { per publish: id, <c>"=" .. id</c> of the publish it repeats, or <c>"!" .. id</c> of the publish whose
    /// publish id it reused with another fingerprint (nothing appended), or <c>"-"</c> when its deadline had passed
    /// (nothing appended); per publish: its position or 0;
    /// per namespace that took events: { path, live (1/0), { per event: id, publish index (1-based) } } }.
    /// </summary>
    public const string Append = """
        #!lua
        local positionKey, mercureIds = KEYS[1], KEYS[2]
        local now, prefix = tonumber(ARGV[1]), ARGV[2]
        local maxCount, maxBytes, oldest = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
        local maxAge, idsTtl = tonumber(ARGV[6]), tonumber(ARGV[7])
        local generation, previousGeneration, count = ARGV[8], ARGV[9], tonumber(ARGV[10])
        local mercureIdsTtl, indexed = tonumber(ARGV[11]), false
        local clock = redis.call('TIME')
        local redisNow = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)

        local states, touched = {}, {}
        local function open(path)
          local state = states[path]
          if state then return state end
          local meta = prefix .. path .. ':m'
          local stored = redis.call('HMGET', meta, 'e', 's', 'b', 'l', 'k')
          state = { path = path, meta = meta, stream = prefix .. path .. ':s', ids = prefix .. path .. ':k:',
                    epoch = tonumber(stored[1]), sequence = tonumber(stored[2]) or 0, bytes = tonumber(stored[3]) or 0,
                    live = tonumber(stored[4]) or 0, keep = tonumber(stored[5]) or 0, appended = nil, published = false }
          states[path] = state
          return state
        end

        local function append(state, index, name, data, origin, position, extra)
          if not state.epoch then
            -- Never written, or lost (expired, evicted, flushed): whatever is left goes, and a new epoch says so.
            redis.call('DEL', state.stream, state.ids .. generation, state.ids .. previousGeneration)
            state.epoch, state.sequence, state.bytes = now, 0, 0
          end
          if not state.appended then
            state.appended = {}
            touched[#touched + 1] = state
          end
          state.sequence = state.sequence + 1
          local id = string.format('%d-%d', state.epoch, state.sequence)
          local fields = { 't', now, 'z', #data, 'p', position, 'd', data }
          if name ~= '' then
            fields[#fields + 1] = 'n'
            fields[#fields + 1] = string.sub(name, 2)
          end
          if origin ~= state.path then
            fields[#fields + 1] = 'o'
            fields[#fields + 1] = origin
          end
          for _, value in ipairs(extra) do fields[#fields + 1] = value end
          redis.call('XADD', state.stream, id, unpack(fields))
          state.bytes = state.bytes + #data
          state.appended[#state.appended + 1] = id
          state.appended[#state.appended + 1] = index
          return id
        end

        local position = tonumber(redis.call('GET', positionKey)) or 0
        local results, positions, at = {}, {}, 12
        for i = 1, count do
          local target, publishId, fingerprint, deadline = ARGV[at], ARGV[at + 1], ARGV[at + 2], tonumber(ARGV[at + 3])
          local name, data, mercureId = ARGV[at + 4], ARGV[at + 5], ARGV[at + 6]
          local more = tonumber(ARGV[at + 7])
          local moreAt = at + 8
          local extraCount = tonumber(ARGV[moreAt + more])
          local extra = {}
          for e = 1, extraCount do extra[e] = ARGV[moreAt + more + e] end
          local ancestorsAt = moreAt + more + extraCount + 1
          local ancestors = tonumber(ARGV[ancestorsAt])
          local state = open(target)
          local repeated = false
          if publishId ~= '' and state.epoch then
            repeated = redis.call('HGET', state.ids .. generation, publishId)
            if not repeated then repeated = redis.call('HGET', state.ids .. previousGeneration, publishId) end
          end
          if repeated then
            local id, taken = string.match(repeated, '^(%S+) ?(%x*)$')
            if taken ~= '' and taken ~= fingerprint then results[i] = '!' .. id else results[i] = '=' .. id end
            positions[i] = 0
          elseif deadline ~= 0 and redisNow >= deadline then
            results[i] = '-'
            positions[i] = 0
          else
            position = position + 1
            local id = append(state, i, name, data, target, position, extra)
            if publishId ~= '' then
              redis.call('HSET', state.ids .. generation, publishId, id .. ' ' .. fingerprint)
              state.published = true
            end
            for m = 0, more - 1 do
              local other = ARGV[moreAt + m]
              append(open(other), i, name, data, other, position, extra)
            end
            for a = 1, ancestors do
              local ancestor = open(ARGV[ancestorsAt + (2 * a) - 1])
              if ancestor.keep > now then append(ancestor, i, name, data, ARGV[ancestorsAt + (2 * a)], position, extra) end
            end
            if mercureId ~= '' then
              redis.call('HSET', mercureIds, mercureId, position)
              indexed = true
            end
            results[i] = id
            positions[i] = position
          end
          at = ancestorsAt + 1 + (2 * ancestors)
        end
        redis.call('SET', positionKey, position)
        if indexed then redis.call('PEXPIRE', mercureIds, mercureIdsTtl) end

        local namespaces = {}
        for _, state in ipairs(touched) do
          -- Oldest first, while over the count, over the bytes (the newest is always kept) or too old: one
          -- look at the oldest entry when nothing is due.
          local length = redis.call('XLEN', state.stream)
          while length > 0 do
            local first = redis.call('XRANGE', state.stream, '-', '+', 'COUNT', 1)[1]
            local fields = first[2]
            if length > maxCount or (state.bytes > maxBytes and length > 1) or tonumber(fields[2]) < oldest then
              redis.call('XDEL', state.stream, first[1])
              length = length - 1
              state.bytes = state.bytes - tonumber(fields[4])
            else
              break
            end
          end
          local ttl = maxAge
          if state.keep - now > ttl then ttl = state.keep - now end
          redis.call('HSET', state.meta, 'e', state.epoch, 's', state.sequence, 'b', state.bytes)
          redis.call('PEXPIRE', state.meta, ttl)
          redis.call('PEXPIRE', state.stream, ttl)
          if state.published then redis.call('PEXPIRE', state.ids .. generation, idsTtl) end
          namespaces[#namespaces + 1] = { state.path, state.live > now and 1 or 0, state.appended }
        end
        return { results, positions, namespaces }
        """;

    /// <summary>
    /// KEYS: the Mercure id index (current, previous generation), meta, stream. ARGV: a Mercure update id. Returns
    /// { 0 } when the id is not indexed; else { 1, epoch, sequence }: the namespace's newest entry whose position
    /// is at most the update's, or the entry before its oldest retained one when every retained entry is after
    /// it (0, 0: the namespace has no history). Newest first, as a replay asks for recent ids.
    /// </summary>
    public const string FindAfterUpdate = """
        #!lua flags=no-writes
        local position = redis.call('HGET', KEYS[1], ARGV[1])
        if not position then position = redis.call('HGET', KEYS[2], ARGV[1]) end
        if not position then return { 0 } end
        position = tonumber(position)
        local state = redis.call('HMGET', KEYS[3], 'e', 's')
        local epoch, sequence = tonumber(state[1]), tonumber(state[2])
        if not epoch then return { 1, 0, 0 } end
        local cursor, oldest = '+', nil
        while true do
          local page = redis.call('XREVRANGE', KEYS[4], cursor, '-', 'COUNT', 64)
          for _, entry in ipairs(page) do
            local fields = entry[2]
            for f = 1, #fields, 2 do
              if fields[f] == 'p' then
                if tonumber(fields[f + 1]) <= position then return { 1, epoch, tonumber(string.match(entry[1], '-(%d+)$')) } end
                break
              end
            end
            oldest = entry[1]
          end
          if #page < 64 then break end
          cursor = '(' .. page[#page][1]
        end
        if not oldest then return { 1, epoch, sequence } end
        return { 1, epoch, tonumber(string.match(oldest, '-(%d+)$')) - 1 }
        """;

    /// <summary>
    /// KEYS: meta, stream. ARGV: live until, keep until, now (ms), history max age (ms). Raises the interest
    /// (never lowers it), makes the keys last at least until it is kept, and returns { epoch, sequence } (0, 0:
    /// no events).
    /// </summary>
    public const string ReportInterest = """
        #!lua
        local meta, stream = KEYS[1], KEYS[2]
        local live, keep, now, maxAge = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
        local stored = redis.call('HMGET', meta, 'e', 's', 'l', 'k')
        if (tonumber(stored[3]) or 0) < live then redis.call('HSET', meta, 'l', live) end
        if (tonumber(stored[4]) or 0) < keep then
          redis.call('HSET', meta, 'k', keep)
        else
          keep = tonumber(stored[4])
        end
        local ttl = maxAge
        if keep - now > ttl then ttl = keep - now end
        redis.call('PEXPIRE', meta, ttl)
        redis.call('PEXPIRE', stream, ttl)
        return { tonumber(stored[1]) or 0, tonumber(stored[2]) or 0 }
        """;

    /// <summary>
    /// KEYS: meta, stream. ARGV: the client's epoch and sequence, max bytes of the page, oldest time kept
    /// (ms). From the event after the client's id when it is of the current epoch and not ahead of it,
    /// else from the oldest. Returns { epoch (0: no history), sequence, { entries: id, fields } }, at least
    /// one entry when any follows.
    /// </summary>
    public const string ReadAfter = """
        #!lua flags=no-writes
        local meta, stream = KEYS[1], KEYS[2]
        local afterEpoch, afterSequence = tonumber(ARGV[1]), tonumber(ARGV[2])
        local maxBytes, oldest = tonumber(ARGV[3]), tonumber(ARGV[4])
        local state = redis.call('HMGET', meta, 'e', 's')
        local epoch, sequence = tonumber(state[1]), tonumber(state[2])
        if not epoch then return { 0, 0, {} } end
        local cursor = '-'
        if afterEpoch == epoch and afterSequence <= sequence then
          cursor = string.format('%d-%d', epoch, afterSequence + 1)
        end
        local entries, total = {}, 0
        while true do
          local page = redis.call('XRANGE', stream, cursor, '+', 'COUNT', 32)
          for _, entry in ipairs(page) do
            local fields = entry[2]
            if tonumber(fields[2]) >= oldest then
              local size = tonumber(fields[4])
              if #entries > 0 and total + size > maxBytes then return { epoch, sequence, entries } end
              total = total + size
              entries[#entries + 1] = entry
            end
          end
          if #page < 32 then break end
          cursor = '(' .. page[#page][1]
        end
        return { epoch, sequence, entries }
        """;
}
