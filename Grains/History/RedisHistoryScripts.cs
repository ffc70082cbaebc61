namespace SseOrleans.Grains.History;

/// <summary>
/// The two Lua scripts of <see cref="RedisNamespaceHistory"/>. Keys of one namespace (all with the same
/// hash tag, so they share a slot in a Redis cluster): <c>m</c>, a hash with the epoch <c>e</c>, the sequence
/// <c>s</c>, the retained data bytes <c>b</c> and one forward watermark <c>w:{child}</c> per child;
/// <c>s</c>, the stream, whose entry ids are the event ids (<c>{epoch}-{sequence}</c> is a valid stream id and
/// both parts only grow) with the fields <c>t</c> (append time, ms), <c>z</c> (data bytes), <c>d</c>, and
/// <c>n</c> (name) and <c>o</c> (origin) when there is one; <c>k:{generation}</c>, hashes of publish id →
/// event id. Shebang scripts: Redis refuses the whole script up front (e.g. out of memory) rather than
/// stopping it halfway, and a script that started runs alone, so a batch is all in or all out.
/// </summary>
internal static class RedisHistoryScripts
{
    /// <summary>
    /// KEYS: meta, stream, current publish ids, previous publish ids. ARGV: now (ms), the epoch to create
    /// if there is none, max count, max bytes, oldest time kept (ms), key TTL (ms), publish-id TTL (ms),
    /// candidate count, then 7 values per candidate: kind (<c>p</c> publish with id, <c>n</c> without,
    /// <c>f</c> forward), publish id or child path, child epoch, child sequence, name (<c>""</c> for none,
    /// else <c>"=" .. name</c>), data, origin (<c>""</c> for this namespace).
    /// Returns { epoch, sequence before, sequence after, { per candidate: id, "=" .. id of the publish it
    /// repeats, or "" for a forward already taken } }.
    /// </summary>
    public const string Append = """
        #!lua
        local meta, stream, ids, previousIds = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
        local now, newEpoch = tonumber(ARGV[1]), tonumber(ARGV[2])
        local maxCount, maxBytes, oldest = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
        local ttl, idsTtl, count = tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])

        local state = redis.call('HMGET', meta, 'e', 's', 'b')
        local epoch, sequence, bytes = tonumber(state[1]), tonumber(state[2]), tonumber(state[3])
        if not epoch then
          -- Never written, or lost (expired, evicted, flushed): whatever is left goes, and a new epoch says so.
          redis.call('DEL', stream, ids, previousIds)
          epoch, sequence, bytes = newEpoch, 0, 0
        end

        local before = sequence
        local marks, results, published = {}, {}, false
        for i = 0, count - 1 do
          local at = 9 + i * 7
          local kind, key = ARGV[at], ARGV[at + 1]
          local name, data, origin = ARGV[at + 4], ARGV[at + 5], ARGV[at + 6]
          local result
          if kind == 'p' then
            local repeated = redis.call('HGET', ids, key)
            if not repeated then repeated = redis.call('HGET', previousIds, key) end
            if repeated then result = '=' .. repeated end
          elseif kind == 'f' then
            local mark = marks[key]
            if not mark then
              local stored = redis.call('HGET', meta, 'w:' .. key)
              if stored then
                local dash = string.find(stored, '-', 1, true)
                mark = { tonumber(string.sub(stored, 1, dash - 1)), tonumber(string.sub(stored, dash + 1)) }
              else
                mark = { -1, -1 }
              end
              marks[key] = mark
            end
            local childEpoch, childSequence = tonumber(ARGV[at + 2]), tonumber(ARGV[at + 3])
            if childEpoch < mark[1] or (childEpoch == mark[1] and childSequence <= mark[2]) then
              result = ''
            else
              marks[key] = { childEpoch, childSequence }
            end
          end

          if not result then
            sequence = sequence + 1
            result = string.format('%d-%d', epoch, sequence)
            local fields = { 't', now, 'z', #data, 'd', data }
            if name ~= '' then
              fields[#fields + 1] = 'n'
              fields[#fields + 1] = string.sub(name, 2)
            end
            if origin ~= '' then
              fields[#fields + 1] = 'o'
              fields[#fields + 1] = origin
            end
            redis.call('XADD', stream, result, unpack(fields))
            bytes = bytes + #data
            if kind == 'p' then
              redis.call('HSET', ids, key, result)
              published = true
            end
          end
          results[#results + 1] = result
        end

        -- Oldest first, while over the count, over the bytes (the newest is always kept) or too old.
        local length = redis.call('XLEN', stream)
        local dropped, keepFrom, cursor = 0, nil, '-'
        while length - dropped > 0 do
          local page = redis.call('XRANGE', stream, cursor, '+', 'COUNT', 64)
          for _, entry in ipairs(page) do
            local left = length - dropped
            local fields = entry[2]
            if left > maxCount or (bytes > maxBytes and left > 1) or tonumber(fields[2]) < oldest then
              dropped = dropped + 1
              bytes = bytes - tonumber(fields[4])
            else
              keepFrom = entry[1]
              break
            end
          end
          if keepFrom or #page < 64 then break end
          cursor = '(' .. page[#page][1]
        end
        if dropped > 0 then
          if keepFrom then redis.call('XTRIM', stream, 'MINID', keepFrom) else redis.call('DEL', stream) end
        end

        for child, mark in pairs(marks) do
          redis.call('HSET', meta, 'w:' .. child, string.format('%d-%d', mark[1], mark[2]))
        end
        redis.call('HSET', meta, 'e', epoch, 's', sequence, 'b', bytes)
        redis.call('PEXPIRE', meta, ttl)
        redis.call('PEXPIRE', stream, ttl)
        if published then redis.call('PEXPIRE', ids, idsTtl) end
        return { epoch, before, sequence, results }
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
