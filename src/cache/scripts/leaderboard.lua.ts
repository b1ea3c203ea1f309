/**
 * Leaderboard scripts (docs/cache/DESIGN.md, section 4.7). A time-windowed board writes to the key
 * of the window the server's time falls in: the caller names the window it expects (from its own
 * clock) and the script checks it against `now`, answering with the right window when they differ
 * (a write at a boundary under clock skew), so every key stays declared in KEYS.
 */
import { Script } from '../client/script.js';
import { timedScript } from './prelude.js';

/**
 * KEYS board; ARGV now, op, member, score, size, origin, start, keepMs. op: 'set' (ZADD), 'incr'
 * (ZINCRBY), 'gt' / 'lt' (ZADD GT / LT: keep the better score). size 0: a board without windows.
 * Returns {1, score} after the write, or {0, start} when the server's window starts at `start`.
 */
export const LB_WRITE = timedScript(
  'leaderboard.write',
  `
local key, op, member, score = KEYS[1], ARGV[2], ARGV[3], ARGV[4]
local size = tonumber(ARGV[5])
local start = 0
if size > 0 then
  local origin = tonumber(ARGV[6])
  start = origin + math.floor((now - origin) / size) * size
  if start ~= tonumber(ARGV[7]) then return {0, start} end
end
if op == 'incr' then
  redis.call('ZINCRBY', key, score, member)
elseif op == 'set' then
  redis.call('ZADD', key, score, member)
else
  redis.call('ZADD', key, string.upper(op), score, member)
end
if size > 0 then redis.call('PEXPIREAT', key, string.format('%.0f', start + size + tonumber(ARGV[8]))) end
return {1, redis.call('ZSCORE', key, member)}
`,
);

/**
 * KEYS board; ARGV member, n, order ('d' high first, 'a' low first): the member's 0-based rank
 * and the entries from n above to n below it, in one consistent read.
 * Returns nil when the member is absent, else {firstRank, {member, score, ...}}.
 */
export const LB_AROUND = new Script(
  'leaderboard.around',
  `
local desc = ARGV[3] == 'd'
local r
if desc then r = redis.call('ZREVRANK', KEYS[1], ARGV[1]) else r = redis.call('ZRANK', KEYS[1], ARGV[1]) end
if not r then return nil end
local n = tonumber(ARGV[2])
local first = math.max(0, r - n)
if desc then
  return {first, redis.call('ZRANGE', KEYS[1], first, r + n, 'REV', 'WITHSCORES')}
end
return {first, redis.call('ZRANGE', KEYS[1], first, r + n, 'WITHSCORES')}
`,
);
