/**
 * Differential: Sonic's struct library against Redis 7.0.15's bundled struct.c. Generated formats
 * (every letter, sizes, endianness, alignment) with generated values through pack, unpack of
 * generated data, size, round trips, and the error messages.
 */
import { test } from 'node:test';
import { LuaFunction, type LuaValue } from '../../src/scripting/lua/value.js';
import { openStruct } from '../../src/scripting/lua/lib-struct.js';
import { assertSameAsRedis, call, useRedisLua, type Libs, type OracleArg, type OracleCase } from '../helpers/lua-oracle.js';
import { prng } from '../helpers/prng.js';

const libs = (): Libs => ({ struct: openStruct() });
const redis = useRedisLua();
const c = (fn: string, ...args: OracleArg[]) => call(libs, fn, ...args);

async function check(cases: OracleCase[]): Promise<void> {
  await assertSameAsRedis(redis.conn(), cases);
}

const NUMBERS = [
  0, -0, 1, -1, 127, 128, 255, 256, -128, -129, 32767, 32768, 65535, 65536, -32768, 2 ** 31, -(2 ** 31), 2 ** 32 - 1, 2 ** 32, 2 ** 53, 2 ** 63, -(2 ** 63),
  2 ** 64, 1e300, -1e300, 1.5, -1.5, 2.7, -2.7, 0.1, 3.4028235677973366e38, 1e-45, Infinity, -Infinity, NaN, '12', ' 0x10 ',
];
const INT_OPTS = ['b', 'B', 'h', 'H', 'l', 'L', 'T', 'i', 'I', 'i1', 'I2', 'i3', 'I5', 'i7', 'I8', 'i9', 'I12', 'i16', 'I32', 'i0'];

function randomItem(rnd: () => number): [string, LuaValue | undefined] {
  const r = rnd();
  if (r < 0.5) return [INT_OPTS[Math.floor(rnd() * INT_OPTS.length)], NUMBERS[Math.floor(rnd() * NUMBERS.length)] as LuaValue];
  if (r < 0.6) return [rnd() < 0.5 ? 'f' : 'd', NUMBERS[Math.floor(rnd() * NUMBERS.length)] as LuaValue];
  if (r < 0.7) return ['c' + (rnd() < 0.3 ? '' : String(Math.floor(rnd() * 6))), 'abcdef'.slice(0, Math.floor(rnd() * 7))];
  if (r < 0.75) return ['s', 'a\0b'.slice(0, Math.floor(rnd() * 4))];
  if (r < 0.8) return ['x', undefined];
  return [['<', '>', '!', '!1', '!2', '!4', '!8', ' ', '!16'][Math.floor(rnd() * 9)], undefined];
}

test('pack over generated formats and values; size of the same formats', async () => {
  const rnd = prng(1999);
  const cases: OracleCase[] = [];
  for (let k = 0; k < 2000; k++) {
    let fmt = '';
    const args: LuaValue[] = [];
    for (let i = 1 + Math.floor(rnd() * 5); i > 0; i--) {
      const [opt, v] = randomItem(rnd);
      fmt += opt;
      if (v !== undefined) args.push(v);
    }
    if (rnd() < 0.05) args.pop(); // a missing argument
    cases.push(c('struct.pack', fmt, ...args), c('struct.size', fmt));
  }
  await check(cases);
});

test('unpack over generated formats, data and offsets', async () => {
  const rnd = prng(2024);
  const cases: OracleCase[] = [];
  for (let k = 0; k < 2000; k++) {
    let fmt = '';
    for (let i = 1 + Math.floor(rnd() * 5); i > 0; i--) fmt += randomItem(rnd)[0];
    let data = '';
    for (let i = Math.floor(rnd() * 40); i > 0; i--) data += String.fromCharCode(rnd() < 0.2 ? 0 : Math.floor(rnd() * 256));
    const r = rnd();
    if (r < 0.7) cases.push(c('struct.unpack', fmt, data));
    else cases.push(c('struct.unpack', fmt, data, [1, 2, 3, 5, 0, -1, 1.5, 100, 2 ** 63, NaN][Math.floor(rnd() * 10)]));
  }
  // c0 takes its length from the previous result
  for (const [fmt, data] of [['Bc0', '\x03abcd'], ['bc0', '\xffab'], ['c1c0', '3abcd'], ['c1c0', 'xabc'], ['c0', 'abc'], ['i2c0', '\x02\x00xy'], ['sc0', '2\0ab'], ['dc0', '\0\0\0\0\0\0\xf0\x3fa']]) {
    cases.push(c('struct.unpack', fmt, data));
  }
  await check(cases);
});

test('round trips, alignment, limits and errors', async () => {
  const cases: OracleCase[] = [
    c('struct.pack', '!4 b i d', 1, 2, 3.5), c('struct.pack', '!8 >b l h L', -1, -2, 3, 4), c('struct.pack', '!2bi3', 1, 2), c('struct.pack', '!3b'),
    c('struct.pack', '!0b', 1), c('struct.pack', '!b', 1), c('struct.pack', 'i33', 1), c('struct.pack', 'i99999999999', 1), c('struct.pack', 'c99999999999', 'a'),
    c('struct.pack', 'q', 1), c('struct.pack', '5', 1), c('struct.pack', 'b\0q', 1), c('struct.pack', '\xff', 1), c('struct.pack', 'c3', 'ab'), c('struct.pack', 'c2s', 'ab'),
    c('struct.pack', 'i'), c('struct.pack', 'ii', 1), c('struct.pack', 's'), c('struct.pack', 'd', 'x'), c('struct.pack', 'c', 12), c('struct.pack'), c('struct.pack', 12, 1),
    c('struct.unpack', 'i', '\x01\x02\x03'), c('struct.unpack', 'i', '\x01\x02\x03\x04', 0), c('struct.unpack', 's', 'abc'), c('struct.unpack', 'c0', 'abc'), c('struct.unpack', 'x', ''),
    c('struct.unpack', '', '', -5), c('struct.unpack', '', 'abc', 2 ** 63), c('struct.unpack', ' ', '', 2), c('struct.unpack', '<', 'ab', 3), c('struct.unpack', 'q', 'ab'),
    c('struct.unpack', 'z', 'ab'), c('struct.unpack', 'b'), c('struct.unpack'), c('struct.unpack', 'b', 'a', 'x'), c('struct.unpack', '!5', 'a'),
    c('struct.size', 's'), c('struct.size', 'c0'), c('struct.size', 'c'), c('struct.size', 'zq5'), c('struct.size', '#'), c('struct.size', '!4bi'), c('struct.size', '!8bd'),
    c('struct.size', '!16bd'), c('struct.size', 'i33'), c('struct.size', ''), c('struct.size'), c('struct.size', '\xff'),
    c('struct.unpack', 'b'.repeat(7996), '\x01'.repeat(7996)), c('struct.unpack', 'b'.repeat(7997), '\x01'.repeat(7997)), c('struct.unpack', 'b'.repeat(7996), '\x01'.repeat(7996), 1),
  ];
  const roundTrip = (fmt: string, ...vals: LuaValue[]): OracleCase => ({
    lua: `function(A) return struct.unpack(A[1], struct.pack(A[1], ${vals.map((_, i) => `A[${i + 2}]`).join(',')})) end`,
    ts: (A) => {
      const S = libs().struct;
      const packed = (S.getStr('pack') as LuaFunction).call(A)[0];
      return (S.getStr('unpack') as LuaFunction).call([A[0], packed]);
    },
    args: [fmt, ...vals],
  });
  cases.push(roundTrip('>!4 b h i l d f c3 s', -5, 300, -70000, 2 ** 40, 1.25, 0.1, 'xyz', 'zero\0terminated'));
  cases.push(roundTrip('<I16 i16 I9', 2 ** 63, -1, 255), roundTrip('>i3 I3 i5', -1, 2 ** 24 - 1, -(2 ** 39)), roundTrip('T L l', 2 ** 64, -1, 2 ** 63));
  await check(cases);
});
