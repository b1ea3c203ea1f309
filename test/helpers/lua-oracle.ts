/**
 * Redis's own Lua as the oracle for Sonic's Lua libraries: each case is a Lua function of an
 * argument table A, run inside `EVAL` on a real redis-server under pcall, and the same
 * computation in TS (the library functions called directly). Both sides serialize the outcome the
 * same way (every result value, typed, byte exact; or the error message and whether it carries a
 * "user_script:N:" position), so the test compares strings.
 *
 * Arguments travel as ARGV (binary safe) with a type tag, so any byte string and any double
 * (inf, -0; NaN as 0/0, the "-nan" x86 makes, which is what Sonic assumes) reaches Redis's Lua
 * exactly; tables and functions are written as Lua source with
 * their TS value built by a thunk (LuaExpr). Many cases go in one EVAL.
 */
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { LuaError, LuaFunction, LuaTable, LuaUserdata, type LuaValue } from '../../src/scripting/lua/value.js';
import { formatG } from '../../src/scripting/lua/c-printf.js';
import { RawConnection } from './raw-connection.js';
import { startRedisServer, type RedisServer } from './redis-server.js';
import { encodeCommand, parseResp } from './resp-frames.js';

/** An argument written as Lua source (evaluated into A[i]), with its TS value built fresh for each run. */
export interface LuaExpr {
  lua: string;
  value: () => LuaValue;
}

export type OracleArg = LuaValue | LuaExpr;

export interface OracleCase {
  /** Lua source of `function(A) ... end`; A[i] are the transported arguments. */
  lua: string;
  /** The same computation in TS; A holds the decoded arguments (LuaExpr values built). */
  ts: (A: LuaValue[]) => LuaValue[];
  args: OracleArg[];
}

export type Libs = Record<string, LuaTable>;

function isExpr(a: OracleArg): a is LuaExpr {
  return typeof a === 'object' && a !== null && !(a instanceof LuaTable) && !(a instanceof LuaFunction) && !(a instanceof LuaUserdata) && 'lua' in a;
}

export function expr(lua: string, value: () => LuaValue): LuaExpr {
  return { lua, value };
}

/**
 * A plain library call: `call(libs, 'string.format', '%d', 3)` runs string.format(A[1], A[2]) in
 * Redis and libs.string.format in TS, with exactly as many arguments (explicit nils included).
 */
export function call(libs: () => Libs, fn: string, ...args: OracleArg[]): OracleCase {
  const [lib, name] = fn.split('.');
  const refs = args.map((_, i) => `A[${i + 1}]`);
  return {
    lua: `function(A) return ${fn}(${refs.join(',')}) end`,
    ts: (A) => {
      const f = libs()[lib].getStr(name);
      if (!(f instanceof LuaFunction)) throw new Error(`no ${fn}`);
      return f.call(A);
    },
    args,
  };
}

/** The Lua side's serializer: the same format as serialize() below. */
const LUA_SER = `
local function ser(v, depth)
  local t = type(v)
  if t == 'nil' then return 'Z'
  elseif t == 'boolean' then return v and 'T' or 'F'
  elseif t == 'number' then
    if v ~= v then return 'Nnan' end
    if v == 1/0 then return 'Ninf' end
    if v == -1/0 then return 'N-inf' end
    if v == 0 and 1/v < 0 then return 'N-0' end
    return 'N' .. string.format('%.17g', v)
  elseif t == 'string' then return 'S' .. #v .. ':' .. v
  elseif t == 'table' then
    if depth > 30 then return '{...}' end
    local items = {}
    for k, x in pairs(v) do items[#items + 1] = ser(k, depth + 1) .. '=' .. ser(x, depth + 1) end
    table.sort(items)
    return '{' .. table.concat(items, ',') .. '}'
  elseif t == 'userdata' then return (v == cjson.null) and 'Unull' or 'U?'
  else return t end
end
-- pcall(f) with the error's "user_script:N: " position removed (TS errors carry none)
local function PC(f)
  local r = {pcall(f)}
  if not r[1] and type(r[2]) == 'string' then r[2] = (string.gsub(r[2], '^user_script:%d+: ', '')) end
  return unpack(r, 1, table.maxn(r))
end
local function outcome(ok, ...)
  if not ok then
    local m = (...)
    if type(m) ~= 'string' then return 'ERR|' .. ser(m, 0) end
    local stripped = string.gsub(m, '^user_script:%d+: ', '')
    return 'ERR|' .. (stripped ~= m and 'P' or '-') .. '|' .. stripped
  end
  local n = select('#', ...)
  local parts = {}
  for i = 1, n do parts[i] = ser((select(i, ...)), 0) end
  return 'OK|' .. n .. '|' .. table.concat(parts, '|')
end
`;

/** The TS side of the serializer. */
export function serialize(v: LuaValue, depth = 0): string {
  if (v === undefined) return 'Z';
  if (typeof v === 'boolean') return v ? 'T' : 'F';
  if (typeof v === 'number') {
    if (v !== v) return 'Nnan';
    if (v === Infinity) return 'Ninf';
    if (v === -Infinity) return 'N-inf';
    if (Object.is(v, -0)) return 'N-0';
    return 'N' + formatG(v, 17);
  }
  if (typeof v === 'string') return `S${v.length}:${v}`;
  if (v instanceof LuaTable) {
    if (depth > 30) return '{...}';
    const items: string[] = [];
    let k: LuaValue = undefined;
    for (;;) {
      const e = v.next(k);
      if (!e) break;
      items.push(serialize(e[0], depth + 1) + '=' + serialize(e[1], depth + 1));
      k = e[0];
    }
    items.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return '{' + items.join(',') + '}';
  }
  if (v instanceof LuaUserdata) return v.tag === 'cjson.null' ? 'Unull' : 'U?';
  return 'function';
}

/** Runs a case in TS and serializes its outcome as the Lua side does. */
export function runLocal(c: OracleCase): string {
  const A = c.args.map((a) => (isExpr(a) ? a.value() : a));
  try {
    const res = c.ts(A);
    return `OK|${res.length}|${res.map((v) => serialize(v)).join('|')}`;
  } catch (e) {
    if (!(e instanceof LuaError)) throw e;
    if (typeof e.value !== 'string') return 'ERR|' + serialize(e.value);
    return `ERR|${e.needsPosition ? 'P' : '-'}|${e.value}`;
  }
}

function numberArg(v: number): string {
  if (v !== v) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  if (Object.is(v, -0)) return '-0';
  return String(v);
}

/** Runs the cases in one EVAL on `conn`; returns one serialized outcome per case. */
export async function runInRedis(conn: RawConnection, cases: readonly OracleCase[]): Promise<string[]> {
  const argv: string[] = [];
  const fns: string[] = [];
  for (const c of cases) {
    // Arguments written as Lua source are evaluated into A first.
    const pre = c.args.map((a, i) => (isExpr(a) ? `A[${i + 1}] = ${a.lua}; ` : '')).join('');
    fns.push(pre ? `function(A) ${pre}return (${c.lua})(A) end` : c.lua);
    argv.push(String(c.args.length));
    for (const a of c.args) {
      if (isExpr(a)) argv.push('x', '');
      else if (a === undefined) argv.push('z', '');
      else if (typeof a === 'boolean') argv.push('b', a ? '1' : '0');
      else if (typeof a === 'number') argv.push('n', numberArg(a));
      else if (typeof a === 'string') argv.push('s', a);
      else throw new Error('tables and functions must be passed as expr()');
    }
  }
  const script = `${LUA_SER}
local cases = {
${fns.join(',\n')}
}
local out = {}
local p = 1
for i = 1, #cases do
  local n = tonumber(ARGV[p]); p = p + 1
  local A = {}
  for j = 1, n do
    local t, v = ARGV[p], ARGV[p + 1]; p = p + 2
    if t == 'n' then A[j] = (v == 'nan') and 0/0 or tonumber(v) elseif t == 's' then A[j] = v elseif t == 'b' then A[j] = (v == '1') end
  end
  out[i] = outcome(pcall(cases[i], A))
end
return out`;
  const raw = await evalSlowly(conn, ['EVAL', script, '0', ...argv], `the EVAL of ${cases.length} cases`);
  const node = parseResp(raw);
  if (node.type !== '*' || !node.items) throw new Error(`EVAL failed: ${raw.slice(0, 500)}`);
  return node.items.map((i) => i.payload ?? '');
}

/**
 * Sends a command and waits for its reply for up to a minute: a loaded machine (the suite runs
 * test files in parallel) can hold a big EVAL past RawConnection's 5 s per-reply timeout.
 */
async function evalSlowly(conn: RawConnection, argv: string[], what: string): Promise<string> {
  conn.send(encodeCommand(argv));
  const deadline = Date.now() + 60000;
  for (;;) {
    try {
      return await conn.reply(what);
    } catch (e) {
      if (conn.closed || Date.now() > deadline) throw new Error(`redis-server did not answer ${what}: ${String(e).slice(0, 300)}`);
    }
  }
}

/** Starts a redis-server for the calling test file (before/after hooks) and opens a connection. */
export function useRedisLua(): { conn: () => RawConnection } {
  let server: RedisServer;
  let conn: RawConnection;
  before(async () => {
    process.env.LC_ALL = 'C';
    server = await startRedisServer();
    conn = await RawConnection.open(server.port);
  });
  after(() => {
    conn?.close();
    server?.stop();
  });
  return { conn: () => conn };
}

/** Compares every case (batched) and returns the mismatches as readable lines. */
export async function compareCases(conn: RawConnection, cases: readonly OracleCase[], batch = 400): Promise<string[]> {
  const bad: string[] = [];
  for (let i = 0; i < cases.length; i += batch) {
    const chunk = cases.slice(i, i + batch);
    const want = await runInRedis(conn, chunk);
    for (let k = 0; k < chunk.length; k++) {
      const got = runLocal(chunk[k]);
      if (got !== want[k]) {
        bad.push(`${chunk[k].lua} args=${JSON.stringify(chunk[k].args.map(describeArg))}\n   redis: ${JSON.stringify(want[k])}\n   sonic: ${JSON.stringify(got)}`);
      }
    }
  }
  return bad;
}

/** Fails listing the cases whose outcome in Sonic differs from Redis's. */
export async function assertSameAsRedis(conn: RawConnection, cases: readonly OracleCase[], batch = 400): Promise<void> {
  const bad = await compareCases(conn, cases, batch);
  assert.equal(bad.length, 0, `${bad.length} of ${cases.length} cases differ:\n${bad.slice(0, 25).join('\n')}`);
}

/**
 * Asserts that f raises a Lua error with exactly this message (the value, without a position),
 * and that it asks for a position (luaL_error, argument errors) or not (errors raised inside
 * the VM, like "table index is nil"); `positioned` undefined skips that check.
 */
export function assertLuaError(f: () => unknown, message: string, positioned?: boolean): void {
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof LuaError, String(e));
    assert.equal(e.value, message);
    if (positioned !== undefined) assert.equal(e.needsPosition, positioned);
    return true;
  });
}

function describeArg(a: OracleArg): unknown {
  if (isExpr(a)) return a.lua;
  if (typeof a === 'number') return numberArg(a);
  return a;
}

/** cjson.null in a Data description. */
export const JSON_NULL = Symbol('cjson.null');

/** Explicit key/value pairs (numeric or odd keys), for a Data table. */
export class Entries {
  constructor(readonly list: readonly [Data, Data][]) {}
}

/**
 * A Lua value described in JS: arrays are sequences from 1 (undefined leaves a hole), objects
 * have string keys, Entries any keys.
 */
export type Data = undefined | typeof JSON_NULL | boolean | number | string | readonly Data[] | Entries | { readonly [k: string]: Data };

/** A Lua literal of a double, exact (the lexer reads it with strtod). */
function luaNumber(n: number): string {
  if (n !== n) return '(0/0)';
  if (n === Infinity) return '(1/0)';
  if (n === -Infinity) return '(-1/0)';
  if (Object.is(n, -0)) return "(-tonumber('0'))"; // a folded -0 constant could be merged with 0
  return n < 0 ? `(${String(n)})` : String(n);
}

/** A Lua string literal of any bytes. */
export function luaString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 34 || c === 92) out += '\\' + s[i];
    else if (c >= 32 && c < 127) out += s[i];
    else out += '\\' + String(c).padStart(3, '0');
  }
  return out + '"';
}

function dataEntries(d: Data): [Data, Data][] | undefined {
  if (d instanceof Entries) return [...d.list];
  if (Array.isArray(d)) return d.map((v, i) => [i + 1, v] as [Data, Data]).filter((e) => e[1] !== undefined);
  if (typeof d === 'object' && d !== null) return Object.entries(d as Record<string, Data>);
  return undefined;
}

function luaSource(d: Data): string {
  if (d === undefined) return 'nil';
  if (d === JSON_NULL) return 'cjson.null';
  if (typeof d === 'boolean') return String(d);
  if (typeof d === 'number') return luaNumber(d);
  if (typeof d === 'string') return luaString(d);
  const entries = dataEntries(d)!;
  return '{' + entries.map(([k, v]) => `[${luaSource(k)}]=${luaSource(v)}`).join(',') + '}';
}

function build(d: Data, nullValue: LuaValue): LuaValue {
  if (d === JSON_NULL) return nullValue;
  if (d === undefined || typeof d !== 'object') return d as LuaValue;
  const t = new LuaTable();
  for (const [k, v] of dataEntries(d)!) t.set(build(k, nullValue), build(v, nullValue));
  return t;
}

/** A Data value as an argument: Lua source for Redis, a fresh LuaTable for Sonic. */
export function data(d: Data, nullValue: LuaValue = undefined): LuaExpr {
  return { lua: luaSource(d), value: () => build(d, nullValue) };
}
