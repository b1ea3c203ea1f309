/**
 * Counting semaphore scripts (docs/cache/DESIGN.md, section 4.5). KEYS[1] `z` is a sorted set
 * holder token -> lease expiry (ms, on `now`: server TIME, or a test's virtual clock), KEYS[2] `f`
 * the fencing counter. Expired holders are removed before counting, so a crashed holder's permit
 * comes back when its lease ends; key expiry (PEXPIRE, with `gc` slack) is garbage collection only.
 */
import { timedScript } from './prelude.js';

/** Lua: keeps the set alive (for GC only) until its last lease ends, plus the slack. */
const KEEP = `local function keep(gc)
  local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
  if last[2] then redis.call('PEXPIRE', KEYS[1], math.max(1, tonumber(last[2]) - now + gc)) end
end
`;

/**
 * ARGV: now, token, limit, ttlMs, gcSlackMs. {1, fence} when a permit was free, else
 * {0, msUntilTheFirstLeaseEnds}.
 */
export const SEM_ACQUIRE = timedScript(
  'semaphore.acquire',
  `${KEEP}redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then
  local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  if first[2] then return {0, tonumber(first[2]) - now} end
  return {0, 0}
end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[4]), ARGV[2])
keep(tonumber(ARGV[5]))
return {1, redis.call('INCR', KEYS[2])}
`,
);

/** ARGV: now, token, ttlMs, gcSlackMs. 1 when the still-valid permit now ends at now + ttl, else 0. */
export const SEM_EXTEND = timedScript(
  'semaphore.extend',
  `${KEEP}local s = redis.call('ZSCORE', KEYS[1], ARGV[2])
if not s then return 0 end
if tonumber(s) <= now then
  redis.call('ZREM', KEYS[1], ARGV[2])
  return 0
end
redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[3]), ARGV[2])
keep(tonumber(ARGV[4]))
return 1
`,
);

/** ARGV: now, token, channel. Frees the permit and tells waiters; 1 when it was still valid. */
export const SEM_RELEASE = timedScript(
  'semaphore.release',
  `local s = redis.call('ZSCORE', KEYS[1], ARGV[2])
if not s then return 0 end
redis.call('ZREM', KEYS[1], ARGV[2])
redis.call('PUBLISH', ARGV[3], 'released')
if tonumber(s) > now then return 1 end
return 0
`,
);
