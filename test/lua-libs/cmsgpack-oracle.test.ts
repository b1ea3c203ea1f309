/**
 * Differential: Sonic's cmsgpack against Redis 7.0.15's bundled lua-cmsgpack. The packed bytes of
 * every kind of value (integer widths, float vs double, string sizes, arrays vs maps, nesting
 * cut at 16 levels), round trips, unpacking of generated and random byte strings (values or the
 * exact error), unpack_one/unpack_limit offsets and limits, and the Lua stack bounds.
 */
import { test } from 'node:test';
import { LuaFunction, LuaTable, type LuaValue } from '../../src/scripting/lua/value.js';
import { openCmsgpack } from '../../src/scripting/lua/lib-cmsgpack.js';
import { CJSON_NULL } from '../../src/scripting/lua/lib-cjson.js';
import { assertSameAsRedis, call, data, Entries, expr, JSON_NULL, useRedisLua, type Data, type Libs, type OracleArg, type OracleCase } from '../helpers/lua-oracle.js';
import { prng } from '../helpers/prng.js';

const libs = (): Libs => ({ cmsgpack: openCmsgpack() });
const redis = useRedisLua();
const c = (fn: string, ...args: OracleArg[]) => call(libs, fn, ...args);
const d = (x: Data) => data(x, CJSON_NULL);

async function check(cases: OracleCase[]): Promise<void> {
  await assertSameAsRedis(redis.conn(), cases, 200);
}

const NUMBERS = [
  0, -0, 1, 127, 128, 255, 256, 65535, 65536, 4294967295, 4294967296, 2 ** 53, 2 ** 53 + 2, 2 ** 62, 2 ** 63 - 1024, 2 ** 63, 2 ** 64, -1, -32, -33, -128, -129,
  -32768, -32769, -2147483648, -2147483649, -(2 ** 53), -(2 ** 63), -(2 ** 63) - 4096, 0.5, -0.5, 0.1, 1.5, 3.4028234663852886e38, 3.4028235677973366e38,
  1e39, 1.401298464324817e-45, 1e-46, 5e-324, 1e300, Infinity, -Infinity, NaN, 1 / 3, 16777217, 16777216.5, -1099511627776,
];

test('pack: numbers, strings of every size, every byte, scalars, several arguments', async () => {
  const cases: OracleCase[] = [];
  for (const n of NUMBERS) cases.push(c('cmsgpack.pack', n));
  const rnd = prng(1212);
  for (let k = 0; k < 400; k++) {
    const r = rnd();
    const n = r < 0.3 ? Math.floor((rnd() - 0.5) * 2 ** Math.floor(rnd() * 64)) : r < 0.6 ? (rnd() - 0.5) * 10 ** Math.floor(rnd() * 60 - 30) : Math.fround((rnd() - 0.5) * 1000);
    cases.push(c('cmsgpack.pack', n));
  }
  for (const len of [0, 1, 31, 32, 255, 256, 65535, 65536, 70000]) cases.push(c('cmsgpack.pack', 'x'.repeat(len)));
  for (let b = 0; b < 256; b++) cases.push(c('cmsgpack.pack', String.fromCharCode(b)));
  cases.push(c('cmsgpack.pack', true), c('cmsgpack.pack', false), c('cmsgpack.pack', undefined), c('cmsgpack.pack', d(JSON_NULL)));
  cases.push(c('cmsgpack.pack', expr('function() end', () => new LuaFunction('f', () => []))), c('cmsgpack.pack', 1, 'a', true, undefined, 2.5));
  cases.push(c('cmsgpack.pack'), c('cmsgpack.pack', undefined, undefined));
  await check(cases);
});

test('pack: arrays, maps, nesting cut at 16, circular tables, stack bounds', async () => {
  const tables: Data[] = [
    [], [1, 2, 3], [1, undefined, 3], new Entries([[2, 'b']]), new Entries([[0, 'z']]), new Entries([[1.5, 'f']]), new Entries([[2 ** 31, 'big']]),
    new Entries([[-1, 'n']]), { a: 1 }, new Entries([[true, 1]]), new Entries([[1, 'a'], [3, 'c']]), Array.from({ length: 16 }, (_, i) => i),
    Array.from({ length: 70000 }, (_, i) => i % 3), [[[[[['deep']]]]]], [JSON_NULL], { k: [1, { z: 'x' }] },
  ];
  const cases: OracleCase[] = [];
  for (const t of tables) cases.push(c('cmsgpack.pack', d(t)));
  const nest = (n: number) => expr(`(function() local t = {} local cur = t for i = 1, ${n - 1} do cur[1] = {} cur = cur[1] end return t end)()`, () => {
    const t = new LuaTable();
    let cur = t;
    for (let i = 1; i < n; i++) {
      const next = new LuaTable();
      cur.set(1, next);
      cur = next;
    }
    return t;
  });
  for (const n of [15, 16, 17, 30]) cases.push(c('cmsgpack.pack', nest(n)));
  const circular = expr('(function() local a = {x = 1} a.y = a return a end)()', () => {
    const a = new LuaTable();
    a.set('x', 1);
    a.set('y', a);
    return a;
  });
  cases.push({ lua: 'function(A) return #cmsgpack.pack(A[1]) end', ts: (A) => [((libs().cmsgpack.getStr('pack') as LuaFunction).call(A)[0] as string).length], args: [circular] });
  // arguments: 4000 pass, 4001 are too many; the stack also bounds a table packed last
  const many = (n: number, last: string) => ({
    lua: `function(A) local t = {} for i = 1, ${n - 1} do t[i] = i end t[${n}] = ${last} return PC(function() return cmsgpack.pack(unpack(t)) end) end`,
    ts: () => {
      const args: LuaValue[] = Array.from({ length: n - 1 }, (_, i) => i + 1);
      args.push(last === '{}' ? new LuaTable() : 0);
      try {
        return [true, ...(libs().cmsgpack.getStr('pack') as LuaFunction).call(args)];
      } catch (e) {
        return [false, (e as { value: LuaValue }).value];
      }
    },
    args: [],
  });
  cases.push(many(4000, '0'), many(4001, '0'), many(4000, '{}'), many(3999, '{}'), many(3998, '{}'));
  await check(cases);
});

function randomData(rnd: () => number, depth: number): Data {
  const r = rnd();
  if (depth > 3 || r < 0.5) {
    const s = rnd();
    if (s < 0.4) return NUMBERS[Math.floor(rnd() * NUMBERS.length)];
    if (s < 0.7) return 'x'.repeat(Math.floor(rnd() * 40)) + String.fromCharCode(Math.floor(rnd() * 256));
    if (s < 0.85) return rnd() < 0.5;
    return undefined;
  }
  if (r < 0.75) return Array.from({ length: Math.floor(rnd() * 20) }, () => randomData(rnd, depth + 1));
  const o: Record<string, Data> = {};
  for (let i = Math.floor(rnd() * 20); i > 0; i--) o['k' + Math.floor(rnd() * 30)] = randomData(rnd, depth + 1);
  return o;
}

test('round trips of generated values; unpack of random and truncated bytes', async () => {
  const rnd = prng(606);
  const cases: OracleCase[] = [];
  const packs: string[] = [];
  const pack = libs().cmsgpack.getStr('pack') as LuaFunction;
  for (let k = 0; k < 300; k++) {
    const v = randomData(rnd, 0);
    cases.push({ lua: 'function(A) return cmsgpack.unpack(cmsgpack.pack(A[1])) end', ts: (A) => {
      const m = libs().cmsgpack;
      return (m.getStr('unpack') as LuaFunction).call((m.getStr('pack') as LuaFunction).call(A));
    }, args: [d(v)] });
    packs.push(pack.call([d(v).value()])[0] as string);
  }
  for (let k = 0; k < 1500; k++) {
    let s: string;
    const r = rnd();
    if (r < 0.4) {
      s = '';
      for (let i = Math.floor(rnd() * 12); i > 0; i--) s += String.fromCharCode(Math.floor(rnd() * 256));
    } else {
      s = packs[Math.floor(rnd() * packs.length)];
      if (r < 0.7) s = s.slice(0, Math.floor(rnd() * s.length)); // truncated
      else {
        const at = Math.floor(rnd() * s.length);
        s = s.slice(0, at) + String.fromCharCode(Math.floor(rnd() * 256)) + s.slice(at + 1); // one byte changed
      }
    }
    cases.push(c('cmsgpack.unpack', s));
  }
  // every first byte alone, and followed by a few bytes
  for (let b = 0; b < 256; b++) cases.push(c('cmsgpack.unpack', String.fromCharCode(b)), c('cmsgpack.unpack', String.fromCharCode(b) + '\x01\x02\x03\x04\x05\x06\x07\x08\x09\xa1a'));
  await check(cases);
});

test('unpack: integer widths, floats, map keys, multiple values', async () => {
  const cases: OracleCase[] = [];
  for (const s of [
    '\xcc\xff', '\xd0\x80', '\xcd\xff\xff', '\xd1\x80\x00', '\xce\xff\xff\xff\xff', '\xd2\x80\x00\x00\x00', '\xcf\xff\xff\xff\xff\xff\xff\xff\xff',
    '\xcf\x80\x00\x00\x00\x00\x00\x00\x00', '\xcf\x00\x20\x00\x00\x00\x00\x00\x01', '\xd3\x80\x00\x00\x00\x00\x00\x00\x00', '\xd3\xff\xff\xff\xff\xff\xff\xff\xfe',
    '\xca\x7f\xc0\x00\x00', '\xca\xff\x80\x00\x00', '\xca\x00\x00\x00\x01', '\xcb\x7f\xf0\x00\x00\x00\x00\x00\x01', '\xcb\x80\x00\x00\x00\x00\x00\x00\x00',
    '\x81\xc0\x01', '\x81\x01\xc0', '\x81\xca\x7f\xc0\x00\x00\x01', '\x82\x01\x02\x01\x03', '\x81\x91\x01\x02', '\x93\xc0\x01\xc0', '\x90\x80\x90', '\xdc\x00\x00',
    '\xdd\x00\x00\x00\x01\x05', '\xde\x00\x01\xa1k\xa1v', '\xdf\x00\x00\x00\x00', '\xd9\x03abc', '\xda\x00\x03abc', '\xdb\x00\x00\x00\x03abc', '\xdb\xff\xff\xff\xff',
    '\xdd\xff\xff\xff\xff\xc0', '\xc4\x01a', '\xc1', '\xd4\x01\x02', '\x01\x02\x03', '', '\x92\x01', '\x81\x01', '\xa5abc',
  ]) cases.push(c('cmsgpack.unpack', s), c('cmsgpack.unpack_one', s), c('cmsgpack.unpack_one', s, 1));
  await check(cases);
});

test('unpack_one/unpack_limit offsets and limits; argument errors', async () => {
  const stream = '\x01\xa3abc\x92\x01\x02\xc3\x81\xa1k\xa1v';
  const cases: OracleCase[] = [];
  for (const off of [0, 1, 2, 5, 8, 9, 13, 14, 15, -1, 1.7, 2 ** 40, 2 ** 63, -(2 ** 33) + 3, NaN]) {
    cases.push(c('cmsgpack.unpack_one', stream, off));
    for (const lim of [0, 1, 2, 3, 10, -1, 1.5]) cases.push(c('cmsgpack.unpack_limit', stream, lim, off));
  }
  cases.push(c('cmsgpack.unpack_limit', stream, 0), c('cmsgpack.unpack_limit', stream), c('cmsgpack.unpack_limit', stream, 'x'), c('cmsgpack.unpack_limit', undefined, 1));
  cases.push(c('cmsgpack.unpack_one'), c('cmsgpack.unpack_one', undefined, 5), c('cmsgpack.unpack_one', stream, 'x'), c('cmsgpack.unpack'), c('cmsgpack.unpack', 12));
  cases.push(c('cmsgpack.unpack', stream, 'extra'), c('cmsgpack.unpack', expr('{}', () => new LuaTable())), c('cmsgpack.unpack_one', '', 0), c('cmsgpack.unpack_limit', '', 1));
  // the Lua stack: 7999 values at once, not 8000; deep nesting
  const ones = (n: number) => '\x01'.repeat(n);
  cases.push({ lua: 'function(A) return select("#", cmsgpack.unpack(A[1])) end', ts: (A) => [(libs().cmsgpack.getStr('unpack') as LuaFunction).call(A).length], args: [ones(7999)] });
  cases.push(c('cmsgpack.unpack', ones(8000)), c('cmsgpack.unpack', ones(7999), 'x'), c('cmsgpack.unpack_limit', ones(8000), 7999), c('cmsgpack.unpack_limit', ones(8000), 7998));
  // unpack of nested tables: ok and the table's type, or the error
  const nested = (bytes: string): OracleCase => ({
    lua: 'function(A) local ok, v = pcall(cmsgpack.unpack, A[1]) return ok, type(v) == "string" and v or type(v) end',
    ts: (A) => {
      try {
        return [true, (libs().cmsgpack.getStr('unpack') as LuaFunction).call(A)[0] instanceof LuaTable ? 'table' : '?'];
      } catch (e) {
        return [false, (e as { value: LuaValue }).value];
      }
    },
    args: [bytes],
  });
  for (const n of [3998, 3999, 4000, 4001]) cases.push(nested('\x91'.repeat(n) + '\x01'), nested('\x81\x01'.repeat(n) + '\x01'));
  await check(cases);
});
