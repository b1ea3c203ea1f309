/**
 * Scripts of the write-behind queue (docs/cache/DESIGN.md, 4.6). Per shard N: `{wb:N}:s` a stream
 * with one entry per key waiting to be written, `{wb:N}:h` the latest payload of each such key,
 * stored as `<version>:<payload>` (versions from the shard counter `{wb:N}:c`, so an ack can tell
 * whether the key was written again since the flusher read it without sending the payload back).
 */
import { Script } from '../client/script.js';

/**
 * enqueue(s, h, c; group, key, payload) -> version. Coalescing: a key already waiting keeps its
 * stream entry and only gets the new payload, so N writes before a flush cost one sink write.
 */
export const WB_ENQUEUE = new Script(
  'writebehind.enqueue',
  `local s, h, c = KEYS[1], KEYS[2], KEYS[3]
local v = redis.call('INCR', c)
if redis.call('HSET', h, ARGV[2], v .. ':' .. ARGV[3]) == 1 then
  if redis.call('EXISTS', s) == 0 then redis.call('XGROUP', 'CREATE', s, ARGV[1], '0', 'MKSTREAM') end
  redis.call('XADD', s, '*', 'k', ARGV[2])
end
return v
`,
);

/**
 * ack(s, h; group, id1, key1, version1, ...) -> keys still waiting. After the sink took a batch:
 * a key whose payload is still the version written is done (HDEL); a key written again meanwhile
 * gets a new entry, so its newer payload is flushed too. The old entry is acked and deleted.
 */
export const WB_ACK = new Script(
  'writebehind.ack',
  `local s, h, g = KEYS[1], KEYS[2], ARGV[1]
local again = 0
for i = 2, #ARGV, 3 do
  local id, key, ver = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  local cur = redis.call('HGET', h, key)
  if cur then
    if string.sub(cur, 1, #ver + 1) == ver .. ':' then
      redis.call('HDEL', h, key)
    else
      redis.call('XADD', s, '*', 'k', key)
      again = again + 1
    end
  end
  redis.call('XACK', s, g, id)
  redis.call('XDEL', s, id)
end
return again
`,
);
