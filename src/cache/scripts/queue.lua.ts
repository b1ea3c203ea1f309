/**
 * Scripts of the reliable queue (docs/cache/DESIGN.md, section 4.7) and of every other stream
 * consumer in the toolkit (write-behind): push with a dedupe mark, and the reaper's reclaim.
 * KEYS of one call share one hash tag (`{q:name}` or `{wb:N}`), so they are cluster-safe.
 */
import { Script } from '../client/script.js';
import { timedScript } from './prelude.js';

/**
 * push(s, d...; now, group, dedupeMs, [hasDedupe, payload]...) -> per job its entry id, or nil for a
 * duplicate. Jobs with hasDedupe = '1' take the next dedupe key from KEYS in order. A dedupe mark
 * holds the time of the first push (expiry only collects it: the window is decided on the stored
 * time). The consumer group is created with the stream, from id 0, so no entry can be added before
 * the group exists and be missed by it. One call carries a whole batch (one script run, not one per job).
 */
export const QUEUE_PUSH = timedScript(
  'queue.push',
  `local s, window = KEYS[1], tonumber(ARGV[3])
if redis.call('EXISTS', s) == 0 then redis.call('XGROUP', 'CREATE', s, ARGV[2], '0', 'MKSTREAM') end
local out, k = {}, 1
for i = 4, #ARGV, 2 do
  local fresh = true
  if ARGV[i] == '1' then
    k = k + 1
    local seen = tonumber(redis.call('GET', KEYS[k]))
    if seen and now - seen < window then
      fresh = false
    else
      redis.call('SET', KEYS[k], now, 'PX', ARGV[3])
    end
  end
  out[#out + 1] = fresh and redis.call('XADD', s, '*', 'p', ARGV[i + 1])
end
return out
`,
);

/**
 * reclaim(s, dlq; group, consumer, idleMs, maxAttempts, count) -> { deadLettered, claimed }.
 * Entries pending longer than idleMs (their consumer died or stalled) either go to the dead-letter
 * stream -- when delivered maxAttempts times already (0: never) -- or are claimed by `consumer`;
 * each claimed entry comes back as { id, fields, attempt }. XCLAIM rather than XAUTOCLAIM because
 * only XPENDING reports delivery counts. Entries deleted meanwhile are dropped by XCLAIM itself.
 */
export const STREAM_RECLAIM = new Script(
  'stream.reclaim',
  `local s, dlq = KEYS[1], KEYS[2]
local g, me, idle = ARGV[1], ARGV[2], ARGV[3]
local maxAttempts = tonumber(ARGV[4])
local pending = redis.call('XPENDING', s, g, 'IDLE', idle, '-', '+', tonumber(ARGV[5]))
local claimed, dead = {}, 0
for _, p in ipairs(pending) do
  local id, n = p[1], p[4]
  if maxAttempts > 0 and n >= maxAttempts then
    local e = redis.call('XRANGE', s, id, id)[1]
    if e then redis.call('XADD', dlq, '*', 'id', id, 'attempts', n, unpack(e[2])) end
    redis.call('XACK', s, g, id)
    redis.call('XDEL', s, id)
    dead = dead + 1
  else
    local c = redis.call('XCLAIM', s, g, me, idle, id)[1]
    if c then claimed[#claimed + 1] = { c[1], c[2], n + 1 } end
  end
end
return { dead, claimed }
`,
);
