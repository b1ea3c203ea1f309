/**
 * Differential: Sonic's cjson against Redis 7.0.15's bundled lua-cjson. Encoding of every byte,
 * numbers at every precision, arrays (sparse rules and their settings), objects (compared after a
 * round trip when key order is Lua's hash order), nesting limits; decoding of generated and
 * mutated JSON texts (values or exact error messages); the configuration functions.
 */
import { test } from 'node:test';
import { LuaFunction, LuaTable, type LuaValue } from '../../src/scripting/lua/value.js';
import { CJSON_NULL, openCjson } from '../../src/scripting/lua/lib-cjson.js';
import { assertSameAsRedis, call, data, Entries, expr, JSON_NULL, luaString, useRedisLua, type Data, type Libs, type OracleArg, type OracleCase } from '../helpers/lua-oracle.js';
import { prng } from '../helpers/prng.js';

let cjson = openCjson();
const libs = (): Libs => ({ cjson });
const redis = useRedisLua();
const c = (fn: string, ...args: OracleArg[]) => call(libs, fn, ...args);
const d = (x: Data) => data(x, CJSON_NULL);

async function check(cases: OracleCase[]): Promise<void> {
  cjson = openCjson();
  await assertSameAsRedis(redis.conn(), cases);
}

/**
 * A case run with cjson settings applied first and reset after (Redis keeps them in its Lua
 * state between scripts): `setup` is Lua statements on cjson, mirrored by `tsSetup`.
 */
function withConfig(setup: string, tsSetup: (j: LuaTable) => void, body: string, tsBody: (j: LuaTable, A: LuaValue[]) => LuaValue[], args: OracleArg[] = []): OracleCase {
  return {
    lua: `function(A) local j = cjson.new(); ${setup}; return ${body} end`,
    ts: (A) => {
      const j = (cjson.getStr('new') as LuaFunction).call([])[0] as LuaTable;
      tsSetup(j);
      return tsBody(j, A);
    },
    args,
  };
}
const fnOf = (j: LuaTable, name: string) => j.getStr(name) as LuaFunction;

test('encode: scalars, every byte, numbers', async () => {
  const cases: OracleCase[] = [];
  for (let b = 0; b < 256; b++) cases.push(c('cjson.encode', String.fromCharCode(b)), c('cjson.encode', 'a' + String.fromCharCode(b) + '/'));
  cases.push(c('cjson.encode', Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('')));
  const nums = [0, -0, 1, -1, 0.1, 1 / 3, 1e14, 1e15, 123456789012345, 2 ** 53, 1e300, 5e-324, -2.5, 3.14159265358979, 1e-7, 100, 1e21, Infinity, -Infinity, NaN];
  for (const n of nums) cases.push(c('cjson.encode', n));
  cases.push(c('cjson.encode', true), c('cjson.encode', false), c('cjson.encode', undefined), c('cjson.encode', d(JSON_NULL)));
  cases.push(c('cjson.encode'), c('cjson.encode', 1, 2), c('cjson.encode', expr('function() end', () => new LuaFunction('f', () => []))));
  const rnd = prng(99);
  for (let k = 0; k < 300; k++) {
    const n = (rnd() - 0.5) * 10 ** Math.floor(rnd() * 40 - 20);
    const p = 1 + Math.floor(rnd() * 14);
    cases.push(withConfig(`j.encode_number_precision(${p})`, (j) => fnOf(j, 'encode_number_precision').call([p]), 'j.encode(A[1])', (j, A) => fnOf(j, 'encode').call(A), [n]));
  }
  await check(cases);
});

test('encode: arrays, sparse arrays and the sparse settings, keys, nesting', async () => {
  const cases: OracleCase[] = [];
  const tables: Data[] = [
    [], [1, 2, 3], [1, undefined, 3], ['a', [true, false, JSON_NULL], {}], [[[[]]]], new Entries([[1, 'a'], [3, 'c']]), new Entries([[1, 'a'], [4, 'd']]),
    new Entries([[11, 'x']]), new Entries([[10, 'x']]), new Entries([[0, 'zero']]), new Entries([[-1, 'neg']]), new Entries([[1.5, 'frac']]),
    new Entries([[2 ** 31, 'big']]), new Entries([[1e10, 'huge']]), new Entries([[Infinity, 'inf']]), new Entries([[true, 'bool']]),
    new Entries([[1, 'a'], [20, 'b']]), new Entries([[1, 'a'], [2, 'b'], [25, 'c']]), new Entries([[1, 'a'], [2, 'b'], [3, 'c'], [7, 'd']]),
    { a: 1 }, { 'k/"\\': 'v\n' }, new Entries([[2.5, 1]]), new Entries([[1e20, 1]]), [NaN], [Infinity], { x: [1, { y: [] }] }, new Entries([[{}, 1]]),
  ];
  for (const t of tables) cases.push(c('cjson.encode', d(t)));
  const sparseSettings: [string, LuaValue[]][] = [
    ['true', [true]], ['true, 0', [true, 0]], ['false, 1', [false, 1]], ['true, 3, 0', [true, 3, 0]], ['nil, nil, 100', [undefined, undefined, 100]],
    ['true, 2147483647, 0', [true, 2147483647, 0]], ["'on', 1, 1", ['on', 1, 1]],
  ];
  for (const [lua, ts] of sparseSettings) {
    for (const t of tables.slice(5, 19)) {
      const arg = d(t);
      const set = (j: LuaTable) => fnOf(j, 'encode_sparse_array').call(ts);
      // as an object, several keys come out in Lua's hash order: compare the round trip then
      if (t instanceof Entries && t.list.length > 2) {
        cases.push(withConfig(`j.encode_sparse_array(${lua})`, set, 'j.decode(j.encode(A[1]))', (j, A) => fnOf(j, 'decode').call(fnOf(j, 'encode').call(A)), [arg]));
      } else cases.push(withConfig(`j.encode_sparse_array(${lua})`, set, 'j.encode(A[1])', (j, A) => fnOf(j, 'encode').call(A), [arg]));
    }
  }
  // depth: 1000 levels pass, 1001 do not; circular tables; raised limits meet Lua's C stack
  const nest = (n: number, key: string | number) => expr(`(function() local t = {} local cur = t for i = 1, ${n - 1} do cur[${luaKey(key)}] = {} cur = cur[${luaKey(key)}] end return t end)()`, () => nested(n, key));
  cases.push(c('cjson.encode', nest(1000, 1)), c('cjson.encode', nest(1001, 1)), c('cjson.encode', nest(1001, 'a')));
  const circular = expr('(function() local t = {} t[1] = t return t end)()', () => {
    const t = new LuaTable();
    t.set(1, t);
    return t;
  });
  cases.push(c('cjson.encode', circular));
  for (const [n, key] of [[7997, 1], [7998, 1], [3999, 'a'], [4000, 'a']] as [number, string | number][]) {
    const arg = nest(n, key);
    cases.push(withConfig('j.encode_max_depth(100000)', (j) => fnOf(j, 'encode_max_depth').call([100000]), 'pcall(j.encode, A[1])', (j, A) => pcall(fnOf(j, 'encode'), A), [arg]));
  }
  for (const depth of [1, 2, 3]) {
    const arg = d([[['x']]]);
    cases.push(withConfig(`j.encode_max_depth(${depth})`, (j) => fnOf(j, 'encode_max_depth').call([depth]), 'pcall(j.encode, A[1])', (j, A) => pcall(fnOf(j, 'encode'), A), [arg]));
  }
  // invalid numbers settings
  for (const [lua, ts] of [['true', true], ['false', false], ["'null'", 'null'], ["'on'", 'on']] as [string, LuaValue][]) {
    for (const v of [NaN, Infinity, -Infinity, 1.5]) {
      const arg = d(new Entries([[1, v], [2, 'x']]));
      cases.push(withConfig(`j.encode_invalid_numbers(${lua})`, (j) => fnOf(j, 'encode_invalid_numbers').call([ts]), 'j.encode(A[1])', (j, A) => fnOf(j, 'encode').call(A), [arg]));
      if (v !== v) continue; // a NaN key cannot exist
      const key = d(new Entries([[v, 1]]));
      cases.push(withConfig(`j.encode_invalid_numbers(${lua})`, (j) => fnOf(j, 'encode_invalid_numbers').call([ts]), 'j.encode(A[1])', (j, A) => fnOf(j, 'encode').call(A), [key]));
    }
  }
  await check(cases);
});

function luaKey(k: string | number): string {
  return typeof k === 'number' ? String(k) : luaString(k);
}

function nested(n: number, key: string | number): LuaTable {
  const t = new LuaTable();
  let cur = t;
  for (let i = 1; i < n; i++) {
    const next = new LuaTable();
    cur.set(key, next);
    cur = next;
  }
  return t;
}

function pcall(f: LuaFunction, args: LuaValue[]): LuaValue[] {
  try {
    return [true, ...f.call(args)];
  } catch (e) {
    return [false, (e as { value: LuaValue }).value];
  }
}

/** Objects with several keys: encode order is Lua's hash order, so compare decode(encode(x)). */
test('encode then decode: objects with many keys, generated nested values', async () => {
  const rnd = prng(5150);
  const cases: OracleCase[] = [];
  for (let k = 0; k < 300; k++) {
    const v = randomData(rnd, 0);
    const arg = d(v);
    cases.push({
      lua: 'function(A) return cjson.decode(cjson.encode(A[1])) end',
      ts: (A) => (cjson.getStr('decode') as LuaFunction).call((cjson.getStr('encode') as LuaFunction).call(A)),
      args: [arg],
    });
  }
  await check(cases);
});

function randomData(rnd: () => number, depth: number): Data {
  const r = rnd();
  if (depth > 3 || r < 0.4) {
    const s = rnd();
    if (s < 0.3) return Math.floor(rnd() * 2000) - 1000;
    if (s < 0.5) return (rnd() - 0.5) * 10 ** Math.floor(rnd() * 20 - 10);
    if (s < 0.8) return randomBytes(rnd, 8);
    if (s < 0.9) return rnd() < 0.5;
    return JSON_NULL;
  }
  if (r < 0.7) return Array.from({ length: Math.floor(rnd() * 6) }, () => randomData(rnd, depth + 1));
  const o: Record<string, Data> = {};
  const n = Math.floor(rnd() * 6);
  for (let i = 0; i < n; i++) o[randomBytes(rnd, 5)] = randomData(rnd, depth + 1);
  return o;
}

function randomBytes(rnd: () => number, max: number): string {
  let s = '';
  const n = Math.floor(rnd() * max);
  for (let i = 0; i < n; i++) s += String.fromCharCode(rnd() < 0.7 ? 97 + Math.floor(rnd() * 26) : Math.floor(rnd() * 256));
  return s;
}

const JSON_SAMPLES = [
  '', ' ', '1', '-1', '1.5', '1e5', '1E-5', '-0', '0', '01', '1.', '.5', '+1', '0x10', '0X1p4', '-0x10', 'inf', '-inf', 'Infinity', '-Infinity', 'nan', 'NaN', '-nan',
  'Inf', 'infinit', 'nil', 'true', 'false', 'null', 'truex', 'nullnull', 'tru', 'fals', 'nul', 't', 'x', '"abc"', '"a\\"b"', '"\\/\\b\\f\\n\\r\\t\\\\"', '"\\u0041"',
  '"\\u00e9"', '"\\u20ac"', '"\\ud83d\\ude00"', '"\\ud83d"', '"\\ude00"', '"\\ud83dx"', '"\\ud83d\\u0041"', '"\\u00"', '"\\u00g0"', '"\\x"', '"\\', '"abc', '"a\u0000b"',
  '"\u0001\u001f\u00ff"', '[]', '{}', '[1,2,3]', '[1,]', '[,1]', '[1 2]', '{"a":1}', '{"a":1,}', '{"a" 1}', '{"a":}', '{1:2}', '{"a":1 "b":2}', '[[[[]]]]', '{"a":{"b":[{}]}}',
  ' [ 1 , { "x" : [ ] } ] ', '\t\n\r[1]\r\n', '[1]x', '[1] [2]', '{"a":1}}', ']', '}', ':', ',', '[1:2]', '{"a",1}', '"\u0000"', '[1,2,3\u0000garbage', '1\u0000',
  '\u0000[1]', 'a\u0000', '[\u00ff]', '\u00ff', '-', '-a', '--1', '1e', '1e+', '1ee5', '0.0.1', '1e999', '-1e999', '1e-999', '123456789012345678901234567890',
  '{"a":1,"a":2}', '[null,null]', '{"x":null}', '[true,false,null]', '"\\u0000"', '[-]', '[+1]', '[0x]', '[0xg]', '[Infinity]', '[nan]', '{"\\u00e9":1}',
];

test('decode: samples, generated and mutated texts (values or errors)', async () => {
  const cases: OracleCase[] = [];
  for (const s of JSON_SAMPLES) {
    cases.push(c('cjson.decode', s));
    cases.push(withConfig('j.decode_invalid_numbers(false)', (j) => fnOf(j, 'decode_invalid_numbers').call([false]), 'j.decode(A[1])', (j, A) => fnOf(j, 'decode').call(A), [s]));
  }
  const rnd = prng(31337);
  for (let k = 0; k < 1500; k++) {
    let s = randomJson(rnd, 0);
    const m = rnd();
    if (m < 0.5) {
      // mutate: delete, insert or replace a byte, or truncate
      const at = Math.floor(rnd() * (s.length + 1));
      const op = Math.floor(rnd() * 4);
      const ch = '{}[],:"\\ 0-1eE.+xtfnu'[Math.floor(rnd() * 21)];
      if (op === 0) s = s.slice(0, at) + s.slice(at + 1);
      else if (op === 1) s = s.slice(0, at) + ch + s.slice(at);
      else if (op === 2) s = s.slice(0, at) + ch + s.slice(at + 1);
      else s = s.slice(0, at);
    }
    cases.push(c('cjson.decode', s));
  }
  cases.push(c('cjson.decode'), c('cjson.decode', 1, 2), c('cjson.decode', undefined), c('cjson.decode', 42), c('cjson.decode', d({})));
  await check(cases);
});

function randomJson(rnd: () => number, depth: number): string {
  const ws = () => (rnd() < 0.2 ? [' ', '\n', '\t', '\r', '  '][Math.floor(rnd() * 5)] : '');
  const r = rnd();
  if (depth > 3 || r < 0.45) {
    const s = rnd();
    if (s < 0.3) return String(Math.floor(rnd() * 2000) - 1000);
    if (s < 0.45) return String((rnd() - 0.5) * 10 ** Math.floor(rnd() * 30 - 15));
    if (s < 0.55) return ['true', 'false', 'null', '1e5', '-0.0', '0.5e-3', '1E+2'][Math.floor(rnd() * 7)];
    let str = '"';
    const n = Math.floor(rnd() * 6);
    for (let i = 0; i < n; i++) {
      const e = rnd();
      if (e < 0.6) str += String.fromCharCode(32 + Math.floor(rnd() * 95)).replace(/["\\]/, 'q');
      else if (e < 0.8) str += ['\\n', '\\"', '\\\\', '\\/', '\\t', '\\b', '\\f', '\\r'][Math.floor(rnd() * 8)];
      else if (e < 0.9) str += '\\u' + Math.floor(rnd() * 65536).toString(16).padStart(4, '0');
      else str += String.fromCharCode(128 + Math.floor(rnd() * 128));
    }
    return str + '"';
  }
  const n = Math.floor(rnd() * 5);
  const items: string[] = [];
  if (r < 0.7) {
    for (let i = 0; i < n; i++) items.push(ws() + randomJson(rnd, depth + 1) + ws());
    return '[' + items.join(',') + ']';
  }
  for (let i = 0; i < n; i++) items.push(ws() + '"' + 'k' + Math.floor(rnd() * 5) + '"' + ws() + ':' + ws() + randomJson(rnd, depth + 1) + ws());
  return '{' + items.join(',') + '}';
}

test('decode: nesting limits, configured and Lua stack bound', async () => {
  const cases: OracleCase[] = [];
  const deep = (open: string, n: number) => open.repeat(n);
  cases.push(c('cjson.decode', deep('[', 1000) + ']'.repeat(1000)), c('cjson.decode', deep('[', 1001) + ']'.repeat(1001)), c('cjson.decode', deep('{"a":', 1001)));
  for (const [text, depth] of [[deep('[', 7999), 100000], [deep('[', 7998) + ']'.repeat(7998), 100000], [deep('{"a":', 4000), 100000], [deep('{"a":[', 3000), 100000], ['[[1]]', 1], ['[[1]]', 2], ['{"a":{}}', 1]] as [string, number][]) {
    cases.push(withConfig(`j.decode_max_depth(${depth})`, (j) => fnOf(j, 'decode_max_depth').call([depth]), 'pcall(j.decode, A[1])', (j, A) => pcall(fnOf(j, 'decode'), A), [text]));
  }
  await check(cases);
});

test('configuration functions: values, returns and errors', async () => {
  const calls: [string, LuaValue[]][] = [
    ['encode_sparse_array', []], ['encode_sparse_array', [true]], ['encode_sparse_array', [false, 5, 20]], ['encode_sparse_array', ['off']], ['encode_sparse_array', ['bad']],
    ['encode_sparse_array', [1]], ['encode_sparse_array', [true, -1]], ['encode_sparse_array', [true, 1, -1]], ['encode_sparse_array', [true, 1, 2, 3]],
    ['encode_sparse_array', [undefined, 'x']], ['encode_sparse_array', [true, 2 ** 32 + 3]], ['encode_sparse_array', [true, 1.9, 2.9]],
    ['encode_max_depth', []], ['encode_max_depth', [5]], ['encode_max_depth', [0]], ['encode_max_depth', [2 ** 31]], ['encode_max_depth', [1, 2]], ['encode_max_depth', ['7']],
    ['decode_max_depth', []], ['decode_max_depth', [3]], ['decode_max_depth', [-5]], ['decode_max_depth', [true]],
    ['encode_number_precision', []], ['encode_number_precision', [1]], ['encode_number_precision', [14]], ['encode_number_precision', [15]], ['encode_number_precision', [0]],
    ['encode_keep_buffer', []], ['encode_keep_buffer', [false]], ['encode_keep_buffer', ['on']], ['encode_keep_buffer', ['null']],
    ['encode_invalid_numbers', []], ['encode_invalid_numbers', ['null']], ['encode_invalid_numbers', [true]], ['encode_invalid_numbers', ['yes']], ['encode_invalid_numbers', [1]],
    ['decode_invalid_numbers', []], ['decode_invalid_numbers', [false]], ['decode_invalid_numbers', ['null']], ['decode_invalid_numbers', [undefined]],
  ];
  const cases: OracleCase[] = [];
  for (const [fn, args] of calls) {
    const refs = args.map((_, i) => `A[${i + 1}]`).join(',');
    // the call, then a read-back of the setting
    cases.push({
      lua: `function(A) local j = cjson.new(); local r = {PC(function() return j.${fn}(${refs}) end)}; r[#r + 1] = '|'; for _, v in ipairs({j.${fn}()}) do r[#r + 1] = v end; return unpack(r) end`,
      ts: (A) => {
        const j = (cjson.getStr('new') as LuaFunction).call([])[0] as LuaTable;
        return [...pcall(fnOf(j, fn), A), '|', ...fnOf(j, fn).call([])];
      },
      args,
    });
  }
  cases.push({ lua: 'function() return cjson._NAME, cjson._VERSION, type(cjson.new()), cjson.null == cjson.new().null end', ts: () => ['cjson', '2.1.0', 'table', cjson.getStr('null') === (((cjson.getStr('new') as LuaFunction).call([])[0] as LuaTable).getStr('null'))], args: [] });
  await check(cases);
});
