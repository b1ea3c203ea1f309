/**
 * Sonic's Lua engine in a Redis-shaped environment against redis-server's own EVAL: scripts that
 * return strings (or fail) must give the same text. Only the engine and sandbox are compared here
 * (no redis.* API, no reply conversion: those belong to the EVAL wiring), so error replies are
 * compared up to Redis's " script: <sha>" suffix and compile errors after its prefix.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { RawConnection } from '../helpers/raw-connection.js';
import { requireRedisServer, startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { redisLikeState } from '../helpers/lua-engine.js';
import { LuaError } from '../../src/scripting/lua/value.js';

const SCRIPTS = [
  'return a',
  'a = 5',
  'local x = 1\nlocal y = 2\nreturn undefined_global',
  'math.foo = 1',
  'table.insert(math, 1)',
  'rawset(_G, "x", 1)',
  'setmetatable(_G, nil)',
  'function globalfn() end',
  'local t = {} ; t.x.y = 1',
  'return tostring(getfenv)',
  'return type(unpack) .. type(loadstring) .. type(load) .. type(select) .. type(gcinfo) .. type(_G) .. _VERSION',
  'return type(rawequal) .. type(collectgarbage) .. type(xpcall) .. type(next)',
  'return tostring(dofile)',
  'return tostring(print)',
  'return tostring(setfenv)',
  'return tostring(newproxy)',
  'return tostring(module)',
  'return tostring(require)',
  'return tostring(debug)',
  'return tostring(os)',
  'local f, e = loadstring("x = = 1") return e',
  'local f, e = loadstring("local abcdefghijklmnopqrstuvwxyz = 1234567890 1234567890 1234567890 x=") return e',
  'local f, e = loadstring("\\27Lua") return e',
  'local f, e = loadstring("return 1", "=custom") return tostring(f())',
  'return select(2, pcall(unpack, {}, 1, 1e8))',
  'return tostring(select("#", unpack({}, 1, 7990)))',
  'return select(2, pcall(error, "x", 2))',
  'local function f() error("deep", 2) end\nlocal ok, e = pcall(function()\n f()\nend) return e',
  'local function f() return f() + 1 end return select(2, pcall(f))',
  'return tostring(1/0) .. " " .. tostring(-1/0) .. " " .. tostring(0/0) .. " " .. tostring(2^53) .. " " .. tostring(0.1)',
  'return tostring(10 / 2) .. tostring(3 % -2) .. tostring(-7 % 3)',
  'local t = {} for i = 1, 10 do t[i] = i end t[10] = nil t[5] = nil return tostring(#t)',
  'return table.concat({1, 2, "a", 2.5}, ",")',
  'return select(2, pcall(table.concat, {{}}))',
  'local t = {5, 3, 1} table.sort(t) return table.concat(t, " ")',
  'return tostring(math.huge) .. tostring(math.pi) .. tostring(math.floor(-3.5))',
  'return x + 1',
  'local t = setmetatable({}, {__index = function(t, k) return k .. "!" end}) return t.abc',
  'return tostring(next({}))',
  'error("custom error")',
  'error("no position", 0)',
  'error(42)',
  'local x = nil\nreturn x.field',
  'return 1 +',
  'x = ',
  'return "unterminated',
  'for i = 1 do end',
  'function f(',
  'local t = {} t[nil] = 1',
  'return tostring(rawget(_G, "nonexistent"))',
  'return tostring(#KEYS) .. tostring(#ARGV)',
  'KEYS[1] = "x"',
  'return ("x"):rep(3) .. string.format("%5.2f|%d|%s", 3.14159, 42, "s")',
  'return ("x"):bad()',
  'return string.rep()',
  'local r = string.rep return r()',
  'return ("x"):rep({})',
  'getmetatable("").__index = nil',
  'string.rep = nil',
  'return select(2, pcall(string.rep))',
  'return tostring(getmetatable("").__index == string)',
  'return string.format("%q", "a\\0b\\n")',
  'local s = "" for i = 1, 10 do s = s .. i end return s',
  'return table.concat({string.byte("hello", 1, -1)}, ",")',
  'return (string.gsub("hello world", "o", "0"))',
  'return tostring(string.find("hello", "l+"))',
];

let redis: RedisServer;
let conn: RawConnection;

before(async () => {
  requireRedisServer();
  redis = await startRedisServer();
  conn = await RawConnection.open(redis.port);
});

after(() => {
  conn?.close();
  redis?.stop();
});

/** What Redis's reply says, normalised: the string, or the error message without decorations. */
function redisSays(reply: string): string {
  if (reply === '$-1\r\n') return '<nil>';
  if (reply.startsWith('$')) return reply.slice(reply.indexOf('\r\n') + 2, -2);
  if (reply.startsWith('-')) {
    let msg = reply.slice(1, -2);
    const compile = 'ERR Error compiling script (new function): ';
    if (msg.startsWith(compile)) return msg.slice(compile.length);
    msg = msg.replace(/^ERR /, '');
    const at = msg.lastIndexOf(' script: ');
    return at >= 0 ? msg.slice(0, at) : msg;
  }
  return `<unexpected reply ${JSON.stringify(reply)}>`;
}

function sonicSays(script: string): string {
  const L = redisLikeState();
  try {
    const r = L.call(L.load(script, '@user_script'))[0];
    return typeof r === 'string' ? r : r === undefined ? '<nil>' : `<non-string ${String(r)}>`;
  } catch (e) {
    if (!(e instanceof LuaError)) throw e;
    return typeof e.value === 'number' ? String(e.value) : String(e.value);
  }
}

test('lua engine in a Redis-shaped sandbox matches redis-server EVAL', async () => {
  const failures: string[] = [];
  for (const script of SCRIPTS) {
    const want = redisSays(await conn.cmd('EVAL', script, '0'));
    const got = sonicSays(script);
    if (want !== got) failures.push(`${JSON.stringify(script)}\n  redis: ${JSON.stringify(want)}\n  sonic: ${JSON.stringify(got)}`);
  }
  assert.equal(failures.length, 0, failures.join('\n'));
});
