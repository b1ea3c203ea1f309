/**
 * Tag versions (docs/cache/DESIGN.md, section 4.3): a tag is one string key holding a version in
 * server milliseconds. Entries store the versions of their tags as seen before their loader ran;
 * an entry whose snapshot differs from the current versions is a miss. Nothing grows with the
 * number of tagged entries, and a tag key that expired or was evicted comes back with a newer
 * version, which can only turn hits into misses, never the reverse.
 */
import { timedScript } from './prelude.js';

/** KEYS tag; ARGV now, keepMs: the tag's version, created at `now` when missing. */
export const ENSURE = timedScript(
  'tags.ensure',
  `
local v = redis.call('GET', KEYS[1])
if not v then
  v = tostring(now)
  redis.call('SET', KEYS[1], v, 'PX', ARGV[2])
end
return v
`,
);

/** KEYS tag; ARGV now, keepMs: a new version, later than both the old one and `now`. */
export const BUMP = timedScript(
  'tags.bump',
  `
local old = tonumber(redis.call('GET', KEYS[1])) or 0
local v = math.max(old + 1, now)
redis.call('SET', KEYS[1], tostring(v), 'PX', ARGV[2])
return tostring(v)
`,
);
