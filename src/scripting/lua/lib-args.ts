/**
 * Argument helpers for the C libraries (string, bit, cjson, cmsgpack, struct) with the exact C
 * conversions of Redis's x86-64 build: lua_Integer is a 64-bit long filled by a plain (long)
 * cast of the double (truncation; NaN and out-of-range values give LONG_MIN), and luaL_checkint
 * keeps the low 32 bits of that. Plus Lua's C stack limit (LUAI_MAXCSTACK), which bounds how many
 * values a C function can push, so the libraries raise 5.1's "stack overflow" where it would.
 */
import { LuaError, LuaTable, LuaFunction, argError, checkNumber, luaError, typeName, type LuaValue } from './value.js';

const TWO63 = 2 ** 63;

/** lua_number2integer: (long)d, as a JS number (-2^63 for NaN and out-of-range values). */
export function toInteger(d: number): number {
  if (d >= -TWO63 && d < TWO63) return Math.trunc(d);
  return -TWO63;
}

/** (int) of a lua_Integer: its low 32 bits, signed. */
export function toInt32(i: number): number {
  if (i >= -2147483648 && i <= 2147483647) return i;
  return Number(BigInt.asIntN(32, BigInt(i)));
}

/** luaL_checkinteger. */
export function checkInteger(args: LuaValue[], i: number, fname: string): number {
  return toInteger(checkNumber(args, i, fname));
}

/** luaL_optinteger: the default when the argument is absent or nil. */
export function optInteger(args: LuaValue[], i: number, fname: string, def: number): number {
  return args[i] === undefined ? def : checkInteger(args, i, fname);
}

/** luaL_checkint: the lua_Integer cut to a C int. */
export function checkCInt(args: LuaValue[], i: number, fname: string): number {
  return toInt32(checkInteger(args, i, fname));
}

/** luaL_optint. */
export function optCInt(args: LuaValue[], i: number, fname: string, def: number): number {
  return args[i] === undefined ? toInt32(def) : checkCInt(args, i, fname);
}

/** LUAI_MAXCSTACK: the most stack slots a C function may use. */
export const MAX_C_STACK = 8000;

/**
 * luaL_checkstack for a C function that has `used` slots (its arguments plus what it pushed) and
 * wants `n` more.
 */
export function checkStack(used: number, n: number, what: string): void {
  if (n > MAX_C_STACK || used + n > MAX_C_STACK) luaError(`stack overflow (${what})`);
}

/** luaL_checktype's error for a missing or wrong argument: "table expected, got nil". */
export function typeError(args: LuaValue[], i: number, fname: string, expected: string): never {
  return argError(i + 1, fname, `${expected} expected, got ${i < args.length ? typeName(args[i]) : 'no value'}`);
}

/** lua_isstring: a string or a number. */
export function isStringLike(v: LuaValue): v is string | number {
  return typeof v === 'string' || typeof v === 'number';
}

/** MAXTAGLOOP of lvm.c: __index chains longer than this are an error. */
const MAX_TAG_LOOP = 100;

/** t[k] with __index metamethods (lua_gettable on a table). */
export function indexTable(t: LuaTable, k: LuaValue): LuaValue {
  let cur: LuaTable = t;
  for (let loop = 0; loop < MAX_TAG_LOOP; loop++) {
    const v = cur.get(k);
    if (v !== undefined) return v;
    const h = cur.metatable?.getStr('__index');
    if (h === undefined) return undefined;
    if (h instanceof LuaFunction) return h.call([cur, k])[0];
    if (!(h instanceof LuaTable)) throw new LuaError(`attempt to index a ${typeName(h)} value`, true);
    cur = h;
  }
  return luaError('loop in gettable');
}

/** The largest byte string V8 can hold: beyond it Lua would fail to allocate. */
export const MAX_STRING = (1 << 29) - 24;

/** Lua's allocation failure, for results too large to build. */
export function memoryError(): never {
  throw new LuaError('not enough memory');
}
