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

/**
 * The decimal digits of |n| rounded to `p` significant digits the way glibc's printf does
 * (correctly rounded, exact ties to even; JS's toExponential rounds ties up), and the decimal
 * exponent of the first digit.
 */
export function roundDigits(n: number, p: number): { digits: string; exp: number } {
  // 100 digits are exact for every double except deep subnormals, far more than a tie needs.
  const long = Math.abs(n).toExponential(Math.min(100, p + 30));
  const ePos = long.indexOf('e');
  const all = long[0] + long.slice(2, ePos);
  let exp = Number(long.slice(ePos + 1));
  let digits = all.slice(0, p);
  const rest = all.slice(p);
  const first = rest.charCodeAt(0) - 48;
  let up = first > 5 || (first === 5 && /[1-9]/.test(rest.slice(1)));
  if (first === 5 && !up && !/[1-9]/.test(rest.slice(1))) {
    up = (digits.charCodeAt(p - 1) - 48) % 2 === 1; // an exact tie: to even
  }
  if (up) {
    const arr = digits.split('');
    let i = p - 1;
    while (i >= 0 && arr[i] === '9') arr[i--] = '0';
    if (i < 0) {
      arr.unshift('1');
      arr.pop();
      exp++;
    } else {
      arr[i] = String.fromCharCode(arr[i].charCodeAt(0) + 1);
    }
    digits = arr.join('');
  }
  return { digits, exp };
}

/** C's %.{precision}g for a finite number (no flags). */
export function formatG(n: number, precision: number): string {
  const p = precision === 0 ? 1 : precision;
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  const { digits, exp } = roundDigits(n, p);
  const sign = n < 0 ? '-' : '';
  let s: string;
  if (exp < -4 || exp >= p) {
    let mant = digits.length > 1 ? digits[0] + '.' + digits.slice(1) : digits;
    if (mant.includes('.')) mant = mant.replace(/0+$/, '').replace(/\.$/, '');
    const e = Math.abs(exp);
    s = `${mant}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' + e : e}`;
  } else if (exp >= 0) {
    s = digits.slice(0, exp + 1) + '.' + digits.slice(exp + 1);
    s = s.replace(/0+$/, '').replace(/\.$/, '');
  } else {
    s = '0.' + '0'.repeat(-exp - 1) + digits;
    s = s.replace(/0+$/, '');
  }
  return sign + s;
}

/**
 * Lua 5.1's string->number coercion (luaO_str2d: C strtod, hex included, surrounding whitespace
 * allowed, nothing else). Returns undefined when the string is not a number.
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
 * C's (ptrdiff_t) cast of a double as Lua 5.1 does it on x86-64 (lua_tointeger,
 * luaL_checkinteger): truncation toward zero; NaN and out-of-range values become INT64_MIN.
 */
export function toInteger(n: number): number {
  if (n > -9223372036854775808 && n < 9223372036854775808) return Math.trunc(n) + 0; // no -0
  return -9223372036854775808;
}

/** C's (int) of lua_tointeger (luaL_checkint): the low 32 bits of {@link toInteger}. */
export function toInt32(n: number): number {
  if (n >= -2147483648 && n <= 2147483647) return Math.trunc(n) | 0;
  const i = toInteger(n);
  return Number(BigInt.asIntN(32, BigInt(i)));
}

/** An integer argument (luaL_checkint: C int, so values wrap to 32 bits). */
export function checkInt(args: LuaValue[], i: number, fname: string): number {
  return toInt32(checkNumber(args, i, fname));
}

/** A lua_Integer argument (luaL_checkinteger: 64-bit, out of range becomes INT64_MIN). */
export function checkInteger(args: LuaValue[], i: number, fname: string): number {
  return toInteger(checkNumber(args, i, fname));
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

/** An optional lua_Integer argument with a default (luaL_optinteger). */
export function optInteger(args: LuaValue[], i: number, fname: string, def: number): number {
  return args[i] === undefined ? def : checkInteger(args, i, fname);
}

/** Any argument, present (luaL_checkany: "value expected"). */
export function checkAny(args: LuaValue[], i: number, fname: string): void {
  if (i >= args.length) argError(i + 1, fname, 'value expected');
}
