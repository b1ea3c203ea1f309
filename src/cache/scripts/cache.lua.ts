/**
 * The cache entry scripts (docs/cache/DESIGN.md, section 4.1). An entry is a hash `v` with the
 * payload `p`, its logical expiry `x` and hard expiry `h` (x + grace, in ms) and meta `m`, and a
 * fill lease `l` = "<deadline ms>:<owner token>". Deadlines live in the values, so decisions never
 * wait for the server's key expiry (PEXPIRE only collects garbage).
 *
 * Why a fill raced by an invalidation can never land: every invalidation deletes the lease, and a
 * fill is accepted only while the lease it was given (same token) still exists. The fill and the
 * invalidation run as scripts on one slot, so the server orders them totally.
 *
 * Reply of READ: { status, payload|nil, x|nil, meta|nil, ms } where status is
 *   H  fresh hit (ms unused)
 *   L  lease granted to the caller for ms (payload: the grace copy, if any)
 *   W  someone else holds the lease, for ms more (payload: the grace copy)
 *   M  miss in peek mode (no lease taken)
 */
import { timedScript } from './prelude.js';

/** Lease holder's token, or nil when the lease is absent or past its deadline. */
const LEASE = `
local function lease_of(key)
  local lv = redis.call('GET', key)
  if not lv then return nil, 0 end
  local c = string.find(lv, ':', 1, true)
  return string.sub(lv, c + 1), tonumber(string.sub(lv, 1, c - 1)) - now
end
`;

/** KEYS v, l; ARGV now, token, leaseMs, mode ('r' read, 'p' peek, 'f' lease even if fresh). */
export const READ = timedScript(
  'cache.read',
  `${LEASE}
local e = redis.call('HMGET', KEYS[1], 'p', 'x', 'h', 'm')
local mode = ARGV[4]
local h = tonumber(e[3])
if e[1] and (not h or h <= now) then e[1] = false end
if e[1] and mode ~= 'f' and tonumber(e[2]) > now then return {'H', e[1], e[2], e[4], 0} end
if not e[1] then e[2] = false; e[4] = false end
local holder, left = lease_of(KEYS[2])
if holder and left > 0 then return {'W', e[1], e[2], e[4], left} end
if mode == 'p' then return {'M', e[1], e[2], e[4], 0} end
local ms = tonumber(ARGV[3])
redis.call('SET', KEYS[2], (now + ms) .. ':' .. ARGV[2], 'PX', ms)
return {'L', e[1], e[2], e[4], ms}
`,
);

const STORE = `
local function store(payload, ttl, grace, meta)
  redis.call('DEL', KEYS[1])
  redis.call('HSET', KEYS[1], 'p', payload, 'x', now + ttl, 'h', now + ttl + grace, 'm', meta)
  redis.call('PEXPIRE', KEYS[1], ttl + grace)
  redis.call('DEL', KEYS[2])
end
`;

/** KEYS v, l; ARGV now, token, payload, ttlMs, graceMs, meta, channel. 1 stored, 0 rejected. */
export const FILL = timedScript(
  'cache.fill',
  `${LEASE}${STORE}
if lease_of(KEYS[2]) ~= ARGV[2] then return 0 end
store(ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5]), ARGV[6])
redis.call('PUBLISH', ARGV[7], 'ok')
return 1
`,
);

/** KEYS v, l; ARGV now, payload, ttlMs, graceMs, meta, channel: a write (write-through set). */
export const WRITE = timedScript(
  'cache.write',
  `${STORE}
store(ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5])
redis.call('PUBLISH', ARGV[6], 'ok')
return 1
`,
);

/**
 * KEYS v, l; ARGV now, mode ('d' delete, 'x' expire keeping the grace copy), channel. Drops any
 * lease, so a fill already under way is rejected; waiters are told to read again.
 */
export const INVALIDATE = timedScript(
  'cache.invalidate',
  `
local n = 0
if ARGV[2] == 'x' then
  local h = tonumber(redis.call('HGET', KEYS[1], 'h'))
  if h and h > now then
    redis.call('HSET', KEYS[1], 'x', now)
    n = 1
  else
    n = redis.call('DEL', KEYS[1])
  end
else
  n = redis.call('DEL', KEYS[1])
end
redis.call('DEL', KEYS[2])
redis.call('PUBLISH', ARGV[3], 'retry')
return n
`,
);

/**
 * KEYS l; ARGV now, token, message, channel: the holder gives the lease up without a value and
 * tells the waiters why ('error:<text>' a failed loader, 'none' a miss that is not cached).
 */
export const FAIL = timedScript(
  'cache.fail',
  `${LEASE}
if lease_of(KEYS[1]) ~= ARGV[2] then return 0 end
redis.call('DEL', KEYS[1])
redis.call('PUBLISH', ARGV[4], ARGV[3])
return 1
`,
);

/** KEYS l; ARGV now, token, ms: the holder's loader is still running; keep the lease. */
export const EXTEND = timedScript(
  'cache.extend',
  `${LEASE}
if lease_of(KEYS[1]) ~= ARGV[2] then return 0 end
redis.call('SET', KEYS[1], (now + tonumber(ARGV[3])) .. ':' .. ARGV[2], 'PX', ARGV[3])
return 1
`,
);
