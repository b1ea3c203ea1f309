/**
 * LuaBitOp 1.0.2 (lua_bit.c) as Redis bundles it: tobit, tohex, bnot, band, bor, bxor, lshift,
 * rshift, arshift, rol, ror, bswap over 32-bit integers, results as signed 32-bit numbers.
 *
 * A number becomes 32 bits the way the C code does it: 2^52 + 2^51 is added in double arithmetic
 * and the low word of the sum's bit pattern is taken. That rounds fractions to nearest even and
 * wraps modulo 2^32, and gives 0 for NaN and infinities. tohex has Redis's CVE-2024-31449 fix (a
 * count of INT32_MIN is treated as INT32_MIN + 1).
 */
import { LuaFunction, LuaTable, stringToNumber, type LuaValue } from './value.js';
import { typeError } from './lib-args.js';

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** barg: argument i as 32 bits (unsigned), or the type error for a non-number. */
function barg(args: LuaValue[], i: number, fname: string): number {
  const v = args[i];
  let n: number | undefined;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string') n = stringToNumber(v);
  if (n === undefined) return typeError(args, i, fname, 'number');
  f64[0] = n + 6755399441055744.0;
  return u32[0];
}

/** Variadic band/bor/bxor: the first argument, then the others from the last one down. */
function fold(fname: string, op: (a: number, b: number) => number): (args: LuaValue[]) => LuaValue[] {
  return (args) => {
    let b = barg(args, 0, fname);
    for (let i = args.length - 1; i > 0; i--) b = op(b, barg(args, i, fname));
    return [b | 0];
  };
}

function shift(fname: string, op: (b: number, n: number) => number): (args: LuaValue[]) => LuaValue[] {
  return (args) => {
    const b = barg(args, 0, fname);
    const n = barg(args, 1, fname) & 31;
    return [op(b, n) | 0];
  };
}

function tohex(args: LuaValue[]): LuaValue[] {
  let b = barg(args, 0, 'tohex');
  let n = args.length < 2 ? 8 : barg(args, 1, 'tohex') | 0;
  let digits = '0123456789abcdef';
  if (n === -2147483648) n = -2147483647;
  if (n < 0) {
    n = -n;
    digits = '0123456789ABCDEF';
  }
  if (n > 8) n = 8;
  let out = '';
  for (let i = 0; i < n; i++) {
    out = digits[b & 15] + out;
    b >>>= 4;
  }
  return [out];
}

export function openBit(): LuaTable {
  const t = new LuaTable();
  const add = (name: string, fn: (args: LuaValue[]) => LuaValue[]): void => t.set(name, new LuaFunction(name, fn));
  add('tobit', (args) => [barg(args, 0, 'tobit') | 0]);
  add('bnot', (args) => [~barg(args, 0, 'bnot')]);
  add('band', fold('band', (a, b) => a & b));
  add('bor', fold('bor', (a, b) => a | b));
  add('bxor', fold('bxor', (a, b) => a ^ b));
  add('lshift', shift('lshift', (b, n) => b << n));
  add('rshift', shift('rshift', (b, n) => b >>> n));
  add('arshift', shift('arshift', (b, n) => (b | 0) >> n));
  add('rol', shift('rol', (b, n) => (b << n) | (b >>> (32 - n))));
  add('ror', shift('ror', (b, n) => (b << (32 - n)) | (b >>> n)));
  add('bswap', (args) => {
    const b = barg(args, 0, 'bswap');
    return [((b >>> 24) | ((b >>> 8) & 0xff00) | ((b & 0xff00) << 8) | (b << 24)) | 0];
  });
  add('tohex', tohex);
  return t;
}
