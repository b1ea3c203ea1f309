/**
 * Rate-limiter scripts (docs/cache/DESIGN.md, section 4.4). Each algorithm is one Lua function
 * `alg(key, cost, limit, windowMs, burst)` that only READS and returns
 * `ok, remaining, resetMs, retryAfterMs, commit` -- the writes are a closure the driver calls only
 * when the request (or, for consumeAll, every request) is admitted. That split is what makes
 * "a rejected request writes nothing" and "consumeAll is all-or-nothing" true by construction.
 *
 * Arithmetic is integer-only (scaled units, no fractions stored), so a TypeScript model doing the
 * same integer steps in IEEE doubles agrees exactly, and stored values never meet Lua's lossy
 * %.14g number formatting (redis.call formats number arguments with %.17g). retryAfterMs -1 = never.
 * Key expiry (PEXPIRE) is garbage collection only: one window after the state stops mattering.
 */
import { timedScript } from './prelude.js';
import type { Script } from '../client/script.js';

/** Wire codes of the algorithms (the consumeAll script dispatches on them). */
export type AlgorithmCode = 'fw' | 'sl' | 'sw' | 'tb' | 'gc';

const FUNCTIONS: Record<AlgorithmCode, string> = {
  // Fixed window: hash {w = window start, n = units used in it}.
  fw: `local function fw(key, cost, L, W)
  local ws = now - now % W
  local st = redis.call('HMGET', key, 'w', 'n')
  local same = tonumber(st[1]) == ws
  local n = 0
  if same then n = tonumber(st[2]) end
  local function reset(x) if x > 0 then return ws + W - now end return 0 end
  if cost > L then return 0, L - n, reset(n), -1 end
  if n + cost > L then return 0, L - n, reset(n), ws + W - now end
  local n2 = n + cost
  return 1, L - n2, reset(n2), 0, function()
    if cost > 0 then
      redis.call('HSET', key, 'w', ws, 'n', n2)
      -- The expiry is absolute (window end + W): set once per window.
      if not same then redis.call('PEXPIRE', key, ws + 2 * W - now) end
    end
  end
end
`,
  // Sliding log: zset, one member per unit, score = time; the window is (now - W, now]. Members of
  // one score are '<score>:0'..'<score>:k-1' (removal is by whole scores), so ZCOUNT gives the next.
  sl: `local function sl(key, cost, L, W)
  local lo = now - W
  local n = redis.call('ZCOUNT', key, '(' .. lo, '+inf')
  local newest = nil
  if n > 0 then newest = tonumber(redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')[2]) end
  local function reset(add)
    local top = newest
    if add > 0 and (top == nil or now > top) then top = now end
    if top == nil then return 0 end
    return top + W - now
  end
  if cost > L then return 0, L - n, reset(0), -1 end
  if n + cost > L then
    local at = redis.call('ZRANGEBYSCORE', key, '(' .. lo, '+inf', 'WITHSCORES', 'LIMIT', n + cost - L - 1, 1)
    return 0, L - n, reset(0), tonumber(at[2]) + W - now
  end
  return 1, L - n - cost, reset(cost), 0, function()
    if cost > 0 then
      redis.call('ZREMRANGEBYSCORE', key, '-inf', lo)
      local k = 0
      if newest ~= nil and newest >= now then k = redis.call('ZCOUNT', key, now, now) end
      local i = 0
      while i < cost do
        local args = {}
        local j = 0
        while i < cost and j < 200 do
          args[#args + 1] = now
          args[#args + 1] = now .. ':' .. (k + i)
          i = i + 1
          j = j + 1
        end
        redis.call('ZADD', key, unpack(args))
      end
      redis.call('PEXPIRE', key, reset(cost) + W)
    end
  end
end
`,
  // Sliding-window counter: hash {w = current window start, c = its count, p = previous count};
  // estimate = p * (W - elapsed) / W + c, compared multiplied by W so it stays integral.
  sw: `local function sw(key, cost, L, W)
  local ws = now - now % W
  local st = redis.call('HMGET', key, 'w', 'c', 'p')
  local w = tonumber(st[1])
  local cur, prev = 0, 0
  local same = w == ws
  if same then cur = tonumber(st[2]); prev = tonumber(st[3])
  elseif w == ws - W then prev = tonumber(st[2]) end
  local e = now - ws
  local pw = prev * (W - e)
  local function rem(c)
    local r = math.floor((L * W - pw - c * W) / W)
    if r < 0 then return 0 end
    return r
  end
  local function reset(c)
    if c > 0 then return ws + 2 * W - now end
    if prev > 0 then return ws + W - now end
    return 0
  end
  if cost > L then return 0, rem(cur), reset(cur), -1 end
  if pw + (cur + cost) * W > L * W then
    local room = L - cur - cost
    local retry
    if room >= 0 then retry = W - math.floor(room * W / prev) - e
    else retry = 2 * W - math.floor((L - cost) * W / cur) - e end
    return 0, rem(cur), reset(cur), retry
  end
  local c2 = cur + cost
  return 1, rem(c2), reset(c2), 0, function()
    if cost > 0 then
      redis.call('HSET', key, 'w', ws, 'c', c2, 'p', prev)
      -- The state matters until ws + 2W; expire one window later, set once per window.
      if not same then redis.call('PEXPIRE', key, ws + 3 * W - now) end
    end
  end
end
`,
  // Token bucket: hash {s = tokens * W, t = last refill}; refills L scaled units per ms up to B * W.
  tb: `local function tb(key, cost, L, W, B)
  local cap = B * W
  local st = redis.call('HMGET', key, 's', 't')
  local s, t = cap, now
  if st[1] then
    s = tonumber(st[1]); t = tonumber(st[2])
    if now > t then s = math.min(cap, s + (now - t) * L); t = now end
  end
  local function reset(x) return math.ceil((cap - x) / L) end
  if cost > B then return 0, math.floor(s / W), reset(s), -1 end
  local need = cost * W
  if s < need then return 0, math.floor(s / W), reset(s), math.ceil((need - s) / L) end
  local s2 = s - need
  return 1, math.floor(s2 / W), reset(s2), 0, function()
    if cost > 0 then
      redis.call('HSET', key, 's', s2, 't', t)
      redis.call('PEXPIRE', key, reset(s2) + W)
    end
  end
end
`,
  // GCRA: string '<ms>:<r>' = theoretical arrival time ms + r/L; d = (tat - now) * L, clamped at 0.
  // One emission interval is W/L ms, i.e. W units of d; a request fits if d + cost*W <= B*W.
  gc: `local function gc(key, cost, L, W, B)
  local v = redis.call('GET', key)
  local d = 0
  if v then
    local ms, r = string.match(v, '^(%d+):(%d+)$')
    d = (tonumber(ms) - now) * L + tonumber(r)
    if d < 0 then d = 0 end
  end
  local lim = B * W
  local function rem(x) return math.floor((lim - x) / W) end
  local function reset(x) return math.ceil(x / L) end
  if cost > B then return 0, rem(d), reset(d), -1 end
  local d2 = d + cost * W
  if d2 > lim then return 0, rem(d), reset(d), math.ceil((d2 - lim) / L) end
  return 1, rem(d2), reset(d2), 0, function()
    if cost > 0 then
      local q = math.floor(d2 / L)
      redis.call('SET', key, (now + q) .. ':' .. (d2 - q * L), 'PX', reset(d2) + W)
    end
  end
end
`,
};

// Single limit. KEYS[1]; ARGV[2] = '1' for a dry run (peek), ARGV[3] = cost, ARGV[4..6] = L, W, B.
const single = (code: AlgorithmCode): string => `${FUNCTIONS[code]}
local ok, rem, reset, retry, commit = ${code}(KEYS[1], tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]))
if ok == 1 and ARGV[2] ~= '1' then commit() end
return {ok, rem, reset, retry}
`;

/** One script per algorithm: `(key; now, dry, cost, limit, windowMs, burst) -> {ok, remaining, resetMs, retryAfterMs}`. */
export const RATE_LIMIT_SCRIPTS: Record<AlgorithmCode, Script> = {
  fw: timedScript('ratelimit.fw', single('fw')),
  sl: timedScript('ratelimit.sl', single('sl')),
  sw: timedScript('ratelimit.sw', single('sw')),
  tb: timedScript('ratelimit.tb', single('tb')),
  gc: timedScript('ratelimit.gc', single('gc')),
};

/**
 * consumeAll: KEYS[i] per limit; ARGV[2] = dry, ARGV[3] = n, then per limit: code, cost, L, W, B.
 * Checks every limit, then commits all or none. Returns {allOk, {ok, rem, reset, retry}...}; when
 * not all fit, a limit that would have admitted its part reports its uncharged state.
 */
export const RATE_LIMIT_ALL = timedScript(
  'ratelimit.all',
  `${Object.values(FUNCTIONS).join('')}
local algs = {fw = fw, sl = sl, sw = sw, tb = tb, gc = gc}
local n = tonumber(ARGV[3])
local out, commits, all = {}, {}, 1
for i = 1, n do
  local b = 3 + (i - 1) * 5
  local f = algs[ARGV[b + 1]]
  local ok, rem, reset, retry, commit = f(KEYS[i], tonumber(ARGV[b + 2]), tonumber(ARGV[b + 3]), tonumber(ARGV[b + 4]), tonumber(ARGV[b + 5]))
  if ok == 0 then all = 0 end
  commits[i] = commit
  out[i + 1] = {ok, rem, reset, retry}
end
if all == 1 then
  if ARGV[2] ~= '1' then for i = 1, n do commits[i]() end end
else
  for i = 1, n do
    if out[i + 1][1] == 1 then
      local b = 3 + (i - 1) * 5
      local ok, rem, reset = algs[ARGV[b + 1]](KEYS[i], 0, tonumber(ARGV[b + 3]), tonumber(ARGV[b + 4]), tonumber(ARGV[b + 5]))
      out[i + 1] = {1, rem, reset, 0}
    end
  end
end
out[1] = all
return out
`,
);
