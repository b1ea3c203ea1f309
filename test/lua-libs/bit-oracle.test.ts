/**
 * Differential: Sonic's bit library (LuaBitOp) against Redis 7.0.15's, over generated numbers
 * (integers, fractions at .5, huge values beyond 2^51 and 2^64, negatives, inf, nan, numeric
 * strings), every function, shift counts, tohex widths, and the argument errors.
 */
import { test } from 'node:test';
import { LuaFunction, LuaTable } from '../../src/scripting/lua/value.js';
import { openBit } from '../../src/scripting/lua/lib-bit.js';
import { assertSameAsRedis, call, expr, useRedisLua, type Libs, type OracleArg, type OracleCase } from '../helpers/lua-oracle.js';
import { prng } from '../helpers/prng.js';

const libs = (): Libs => ({ bit: openBit() });
const redis = useRedisLua();
const c = (fn: string, ...args: OracleArg[]) => call(libs, fn, ...args);

async function check(cases: OracleCase[]): Promise<void> {
  await assertSameAsRedis(redis.conn(), cases);
}

const SPECIAL = [
  0, -0, 1, -1, 0.5, 1.5, 2.5, -0.5, -1.5, 0.49999999999999994, 2 ** 31, -(2 ** 31), 2 ** 32, 2 ** 32 + 1, -(2 ** 32) - 1, 2 ** 51, 2 ** 51 + 1.5, 2 ** 52,
  2 ** 52 + 1, 2 ** 53, 2 ** 53 + 2, 2 ** 63, 2 ** 64 + 4096, 1e20, -1e20, 1e300, Infinity, -Infinity, NaN, 4294967295, 4294967296.5, 0x12345678, 0xdeadbeef,
  1437217655, -1437217655.5, '7', ' 0x10 ', '1e3', '-2.5', '0x1p4', '5\0junk', '0x', ' inf', '0x1.8p1',
];

function randomNumber(rnd: () => number): number | string {
  const r = rnd();
  if (r < 0.25) return SPECIAL[Math.floor(rnd() * SPECIAL.length)];
  if (r < 0.5) return Math.floor(rnd() * 2 ** 32) - 2 ** 31;
  if (r < 0.7) return Math.floor(rnd() * 64) - 16;
  if (r < 0.85) return (rnd() - 0.5) * 2 ** Math.floor(rnd() * 70);
  return Math.floor(rnd() * 2 ** 32) + (rnd() < 0.5 ? 0.5 : 0);
}

test('every bit function over generated numbers', async () => {
  const rnd = prng(4242);
  const cases: OracleCase[] = [];
  for (let k = 0; k < 1500; k++) {
    const a = randomNumber(rnd);
    const b = randomNumber(rnd);
    const n = rnd() < 0.7 ? Math.floor(rnd() * 40) - 4 : randomNumber(rnd);
    cases.push(c('bit.tobit', a), c('bit.bnot', a), c('bit.bswap', a), c('bit.band', a, b), c('bit.bor', a, b, n), c('bit.bxor', a, b));
    cases.push(c('bit.lshift', a, n), c('bit.rshift', a, n), c('bit.arshift', a, n), c('bit.rol', a, n), c('bit.ror', a, n));
    cases.push(c('bit.tohex', a), c('bit.tohex', a, Math.floor(rnd() * 24) - 12), c('bit.tohex', b, n));
  }
  for (const x of SPECIAL) cases.push(c('bit.tobit', x), c('bit.tohex', x), c('bit.tohex', 0x1234abcd, x));
  cases.push(c('bit.band'), c('bit.bor', 1), c('bit.bxor', 1, 2, 3, 4, 5, 6, 7, 8, 9), c('bit.band', -1, -2, -4, -8));
  cases.push(c('bit.tohex', 65535, -2147483648), c('bit.tohex', 65535, 2147483647), c('bit.tohex', 65535, 0), c('bit.tohex', -1, -8));
  await check(cases);
});

test('argument errors', async () => {
  const t = expr('{}', () => new LuaTable());
  const f = expr('function() end', () => new LuaFunction('f', () => []));
  const cases: OracleCase[] = [];
  for (const fn of ['tobit', 'bnot', 'band', 'bor', 'bxor', 'lshift', 'rshift', 'arshift', 'rol', 'ror', 'bswap', 'tohex']) {
    cases.push(c('bit.' + fn), c('bit.' + fn, undefined), c('bit.' + fn, 'x'), c('bit.' + fn, t), c('bit.' + fn, 1, f), c('bit.' + fn, 1, true));
    cases.push(c('bit.' + fn, 1, undefined), c('bit.' + fn, 1, 2, 'z', t), c('bit.' + fn, '', 1), c('bit.' + fn, 1, 2, 3, undefined));
  }
  await check(cases);
});
