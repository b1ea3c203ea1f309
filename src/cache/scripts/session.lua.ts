/**
 * Session store scripts (docs/cache/DESIGN.md, section 4.7). In hash mode a session is one hash,
 * one field per top-level session property (JSON each). A save writes only what the request
 * changed, so two requests that change different fields of one session both keep their change.
 * Lifetimes are the key's TTL: a session is its key, and a key past its TTL is gone for every
 * reader (the server checks expiry on access), so no timestamp has to be compared here.
 */
import { Script } from '../client/script.js';

/**
 * KEYS session; ARGV ttlMs, mode, nSet, nSet (field, value) pairs, then fields to delete.
 * mode 'p' (patch): applies the changes only to a session that still exists and returns 0 when
 * it does not (the caller then writes the whole session, as a blob store would); 'f' (full):
 * replaces the session with exactly the given fields. Returns 1 when written.
 */
export const SESSION_SAVE = new Script(
  'session.save',
  `
local key = KEYS[1]
if ARGV[2] == 'p' then
  if redis.call('EXISTS', key) == 0 then return 0 end
else
  redis.call('DEL', key)
end
local n = tonumber(ARGV[3])
local i = 4
while n > 0 do
  local chunk = math.min(n, 200)
  local args = {}
  for j = 1, chunk * 2 do args[j] = ARGV[i + j - 1] end
  redis.call('HSET', key, unpack(args))
  i = i + chunk * 2
  n = n - chunk
end
local dels = {}
for j = i, #ARGV do
  dels[#dels + 1] = ARGV[j]
  if #dels == 200 then redis.call('HDEL', key, unpack(dels)); dels = {} end
end
if #dels > 0 then redis.call('HDEL', key, unpack(dels)) end
if redis.call('EXISTS', key) == 1 then redis.call('PEXPIRE', key, ARGV[1]) end
return 1
`,
);

/**
 * KEYS session; ARGV ttlMs, field, value: a rolling touch in hash mode. Refreshes the stored cookie
 * (so the stored expiry stays true) and the TTL of a session that exists; never creates one, so a
 * touch racing a logout cannot bring back a half session. Returns 1 when the session exists.
 */
export const SESSION_TOUCH = new Script(
  'session.touch',
  `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1
`,
);

/**
 * KEYS session: the hash as HGETALL's flat array. A script, not the command, because client
 * libraries reshape HGETALL replies (ioredis's named hgetall methods turn them into objects,
 * decoding field names as UTF-8); a script's reply reaches the toolkit as the server sent it.
 */
export const SESSION_LOAD = new Script('session.load', `return redis.call('HGETALL', KEYS[1])`);
