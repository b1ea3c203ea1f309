/**
 * Lua 5.1 values as Sonic's own Lua engine represents them. This file is the contract between
 * the language core (lexer, parser, compiler, runtime) and the libraries (string, table, math,
 * bit, cjson, cmsgpack, struct) and the redis.* API.
 *
 * - nil is `undefined`; booleans and numbers (always doubles, as in Lua 5.1) are JS primitives.
 * - Strings are byte strings: JS strings whose chars are bytes 0..255 (latin1), the same
 *   representation the keyspace uses, so values cross between Redis and Lua without conversion
 *   and every byte value survives.
 * - Tables are {@link LuaTable}; functions are {@link LuaFunction}.
 */

import { formatG as cFormatG } from './c-printf.js';
import { str2number } from './number.js';
import { LuaTable } from './table.js';

export { LuaTable, HASH_CURSOR } from './table.js';

export type LuaValue = undefined | boolean | number | string | LuaTable | LuaFunction | LuaUserdata;

/**
 * An opaque value (Lua's light userdata), e.g. cjson.null. type() says "userdata"; it equals only
 * itself.
 */
export class LuaUserdata {
  constructor(readonly tag: string) {}
}

/**
 * A function callable from Lua. Natives wrap a JS implementation; the compiler makes closures
 * from the same class, so every callable has one calling convention: arguments in an array,
 * results in an array. Both arrays may be shared (a caller passes another call's results
 * straight on as arguments, `f(g())`): a callee must not mutate its `args`, and a caller must
 * not mutate the results it receives.
 */
export class LuaFunction {
  constructor(
    /** Name used in error messages ("bad argument #1 to 'rep'"). */
    readonly name: string,
    readonly call: (args: LuaValue[]) => LuaValue[],
  ) {}
}

/** The empty result list, shared. */
export const NO_VALUES: LuaValue[] = [];

/**
 * A Lua error in flight. `value` is the error object (usually a string message). When
 * `needsPosition` is set the runtime prefixes the message with the current chunk name and line
 * ("user_script:3: ") at the point it crosses back into Lua code, as luaL_error does with
 * luaL_where(L, 1): library functions throw without knowing where they were called from.
 */
export class LuaError extends Error {
  /**
   * Which Lua frame's position to add when `needsPosition` is set: 1 is the function that
   * called the native that threw (luaL_where(L, 1)), 2 its caller (error(msg, 2)), and so on.
   */
  level = 1;
  /**
   * Set for errors pcall/xpcall must not catch (the embedder's interrupt hook, e.g. SCRIPT KILL):
   * they always unwind to the embedder.
   */
  uncatchable = false;
  /**
   * Source ("@user_script") and current line of the innermost Lua function active when the error
   * was raised, filled by the runtime: what Redis's error handler reads with debug.getinfo.
   */
  luaSource?: string;
  luaLine?: number;
  /** Set by {@link argError}, so the runtime can name the function as the caller called it. */
  argInfo?: { n: number; extra: string };

  constructor(
    public value: LuaValue,
    public needsPosition = false,
    /** Lua's traceback text, filled by the runtime where useful. */
    public traceback?: string,
  ) {
    super(typeof value === 'string' ? value : 'lua error');
  }
}

/** An error pcall cannot catch (for interrupt hooks such as SCRIPT KILL). */
export function uncatchableError(value: LuaValue): LuaError {
  const e = new LuaError(value);
  e.uncatchable = true;
  return e;
}

/** Throws a runtime error whose message gets the caller's position (luaL_error). */
export function luaError(message: string): never {
  throw new LuaError(message, true);
}

/** Lua 5.1's luaL_argerror text: "bad argument #2 to 'rep' (number expected, got no value)". */
export function argError(n: number, fname: string, extra: string): never {
  const e = new LuaError(`bad argument #${n} to '${fname}' (${extra})`, true);
  e.argInfo = { n, extra };
  throw e;
}

/** Lua's type() name of a value. */
export function typeName(v: LuaValue): string {
  if (v === undefined) return 'nil';
  switch (typeof v) {
    case 'boolean':
      return 'boolean';
    case 'number':
      return 'number';
    case 'string':
      return 'string';
  }
  return v instanceof LuaTable ? 'table' : v instanceof LuaUserdata ? 'userdata' : 'function';
}

/** Lua truthiness: only nil and false are false. */
export function truthy(v: LuaValue): boolean {
  return v !== undefined && v !== false;
}

/**
 * tostring() of a number: C's "%.14g" (LUAI_NUMFFORMAT), so 10/2 is "5", 0.1 is "0.1" and
 * 2^53 is "9.007199254741e+15".
 */
export function numberToString(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e14) return Object.is(n, -0) ? '-0' : String(n);
  // JS cannot see a NaN's sign; x86 produces 0/0 with the sign bit set, which C prints "-nan".
  if (n !== n) return '-nan';
  if (n === Infinity) return 'inf';
  if (n === -Infinity) return '-inf';
  return formatG(n, 14);
}

/** C's %.{precision}g for a finite number (no flags), rounding exact ties to even as glibc does. */
export function formatG(n: number, precision: number): string {
  return cFormatG(n, precision);
}

/**
 * Lua 5.1's string->number coercion (luaO_str2d): C's strtod on the string up to its first NUL
 * byte (so leading white space, hexadecimal integers and floats like "0x1p4", "inf" and "nan" are
 * numbers, as glibc reads them), then nothing but white space may follow. Returns undefined when
 * the string is not a number.
 */
export function stringToNumber(s: string): number | undefined {
  return str2number(s);
}

/** A number argument, coercing numeric strings as Lua does (luaL_checknumber). */
export function checkNumber(args: LuaValue[], i: number, fname: string): number {
  const v = args[i];
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const n = stringToNumber(v);
    if (n !== undefined) return n;
  }
  return argError(i + 1, fname, `number expected, got ${i < args.length ? typeName(v) : 'no value'}`);
}

/**
 * An integer argument (luaL_checkint): the (long) cast of the number cut to a C int, so values
 * wrap to 32 bits, and NaN or |n| >= 2^63 (LONG_MIN) give 0. For luaL_checkinteger see lib-args.
 */
export function checkInt(args: LuaValue[], i: number, fname: string): number {
  const d = checkNumber(args, i, fname);
  if (d > -2147483649 && d < 2147483648) return Math.trunc(d) | 0;
  return d > -(2 ** 63) && d < 2 ** 63 ? Number(BigInt.asIntN(32, BigInt(Math.trunc(d)))) : 0;
}

/** A string argument, coercing numbers as Lua does (luaL_checklstring). */
export function checkString(args: LuaValue[], i: number, fname: string): string {
  const v = args[i];
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numberToString(v);
  return argError(i + 1, fname, `string expected, got ${i < args.length ? typeName(v) : 'no value'}`);
}

/** A table argument (luaL_checktype LUA_TTABLE). */
export function checkTable(args: LuaValue[], i: number, fname: string): LuaTable {
  const v = args[i];
  if (v instanceof LuaTable) return v;
  return argError(i + 1, fname, `table expected, got ${i < args.length ? typeName(v) : 'no value'}`);
}

/** An optional integer argument with a default (luaL_optint). */
export function optInt(args: LuaValue[], i: number, fname: string, def: number): number {
  return args[i] === undefined ? def : checkInt(args, i, fname);
}

/** Any argument, present (luaL_checkany: "value expected"). */
export function checkAny(args: LuaValue[], i: number, fname: string): void {
  if (i >= args.length) argError(i + 1, fname, 'value expected');
}
