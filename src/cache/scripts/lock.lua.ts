/**
 * Lock scripts (docs/cache/DESIGN.md, section 4.5). Keys of one lock share the tag `{lk:<resource>}`:
 * KEYS[1] `o` holds "<expiresAtMs> <ownerToken>", KEYS[2] `f` is the resource's fencing counter.
 *
 * The expiry lives in the value and every decision compares it with `now`, so a lease ends at the
 * same instant on every server whatever its key expiry does; PX is garbage collection only (ARGV
 * `gc` adds slack when `now` comes from a test's virtual clock instead of the server's TIME).
 * A lease is valid while expiresAt > now: an expired lease can neither be extended nor released
 * as "still held", even when nobody has taken the lock since.
 */
import { Script } from '../client/script.js';
import { timedScript } from './prelude.js';

/** Lua: the expiry of the lease in `cur` when `token` owns it, else nil. */
const OWNED = `local function owned(cur, token)
  if not cur then return nil end
  local sp = string.find(cur, ' ', 1, true)
  if not sp or string.sub(cur, sp + 1) ~= token then return nil end
  return tonumber(string.sub(cur, 1, sp - 1))
end
`;

/**
 * ARGV: now, token, ttlMs, gcSlackMs. Returns {1, fence} (the fence is INCR of `f`), or
 * {0, msUntilTheHolderExpires} when another valid lease holds the lock.
 */
export const LOCK_ACQUIRE = timedScript(
  'lock.acquire',
  `local cur = redis.call('GET', KEYS[1])
if cur then
  local sp = string.find(cur, ' ', 1, true)
  local exp = sp and tonumber(string.sub(cur, 1, sp - 1))
  if exp and exp > now then return {0, exp - now} end
end
local ttl = tonumber(ARGV[3])
redis.call('SET', KEYS[1], (now + ttl) .. ' ' .. ARGV[2], 'PX', ttl + tonumber(ARGV[4]))
return {1, redis.call('INCR', KEYS[2])}
`,
);

/** ARGV: now, token, ttlMs, gcSlackMs. 1 when the still-valid lease of `token` now ends at now + ttl, else 0. */
export const LOCK_EXTEND = timedScript(
  'lock.extend',
  `${OWNED}local exp = owned(redis.call('GET', KEYS[1]), ARGV[2])
if not exp or exp <= now then return 0 end
local ttl = tonumber(ARGV[3])
redis.call('SET', KEYS[1], (now + ttl) .. ' ' .. ARGV[2], 'PX', ttl + tonumber(ARGV[4]))
return 1
`,
);

/**
 * ARGV: now, token, channel. Deletes the lock when `token` owns it (valid or expired) and tells
 * waiters on `channel`. 1 when the lease was still valid, 0 when it had expired or is not ours
 * (then nothing of anyone else's is touched).
 */
export const LOCK_RELEASE = timedScript(
  'lock.release',
  `${OWNED}local exp = owned(redis.call('GET', KEYS[1]), ARGV[2])
if not exp then return 0 end
redis.call('DEL', KEYS[1])
redis.call('PUBLISH', ARGV[3], 'released')
if exp > now then return 1 end
return 0
`,
);

/**
 * Redlock's second round: KEYS[1] is a fencing counter, ARGV[1] the fence T given out. Raises the
 * counter to T when it is lower (never lowers it) and returns the counter's value.
 */
export const RAISE_FENCE = new Script(
  'lock.raiseFence',
  `local t = tonumber(ARGV[1])
local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
if cur >= t then return cur end
redis.call('SET', KEYS[1], ARGV[1])
return t
`,
);
