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
import { strtodPrefix, strtodEnd } from '../../util/strtod.js';
import { isSpace } from '../../util/chars.js';

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
 * results in an array (which may be shared and must not be mutated by the caller).
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
  constructor(
    public value: LuaValue,
    public needsPosition = false,
    /** Lua's traceback text, filled by the runtime where useful. */
    public traceback?: string,
  ) {
    super(typeof value === 'string' ? value : 'lua error');
  }
}

/** Throws a runtime error whose message gets the caller's position (luaL_error). */
export function luaError(message: string): never {
  throw new LuaError(message, true);
}

/** Lua 5.1's luaL_argerror text: "bad argument #2 to 'rep' (number expected, got no value)". */
export function argError(n: number, fname: string, extra: string): never {
  throw new LuaError(`bad argument #${n} to '${fname}' (${extra})`, true);
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
 * A Lua table: an array part for the keys 1..n and a hash part that keeps insertion order and
 * supports `next` in O(1) (Lua's pairs). Keys are normalised as Lua does: a float key with an
 * integer value is that integer (JS numbers already are), -0 is 0; nil and NaN keys are errors
 * for the caller to raise.
 */
export class LuaTable {
  /** arr[i] holds key i + 1. Never ends in a trailing nil after a write through set(). */
  arr: LuaValue[] = [];
  private hkeys: unknown[] = [];
  private hvals: LuaValue[] = [];
  private index = new Map<unknown, number>();
  private dead = 0;
  metatable: LuaTable | undefined = undefined;
  /**
   * Redis 7.0 makes library tables and _G read-only (its patched Lua's lua_enablereadonlytable):
   * every write path (assignment, rawset, setmetatable, table.insert ...) must check this flag and
   * raise "Attempt to modify a readonly table". set() itself does not check, so loaders can fill
   * a table before sealing it.
   */
  readonly = false;

  get(key: LuaValue): LuaValue {
    if (typeof key === 'number') {
      const i = key - 1;
      if (i >= 0 && i < this.arr.length && Number.isInteger(i)) return this.arr[i];
      if (key === 0) key = 0; // -0 and 0 are one key
    }
    const at = this.index.get(key);
    return at === undefined ? undefined : this.hvals[at];
  }

  /** String-keyed lookup without number checks (field access: t.name). */
  getStr(key: string): LuaValue {
    const at = this.index.get(key);
    return at === undefined ? undefined : this.hvals[at];
  }

  /** Sets t[key] = value. The caller has already rejected nil and NaN keys. */
  set(key: LuaValue, value: LuaValue): void {
    if (typeof key === 'number') {
      const n = this.arr.length;
      const i = key - 1;
      if (i >= 0 && i <= n && Number.isInteger(i)) {
        if (i < n) {
          this.arr[i] = value;
          if (value === undefined && i === n - 1) this.trimArray();
          return;
        }
        if (value === undefined) {
          this.hashSet(key, undefined);
          return;
        }
        this.arr.push(value);
        if (this.index.size > 0) this.hashSet(key, undefined); // the key moves to the array part
        this.migrateFromHash();
        return;
      }
      if (key === 0) key = 0;
    }
    this.hashSet(key, value);
  }

  /** The length operator #t (a border, as Lua 5.1 finds one). */
  length(): number {
    const n = this.arr.length;
    if (this.index.size === 0) return n;
    let j = n + 1;
    while (this.get(j) !== undefined) j++;
    return j - 1;
  }

  /**
   * Lua's next(): the key/value after `key` (undefined for the first), or undefined at the end.
   * Returns false when `key` is not in the table (the caller raises "invalid key to 'next'").
   */
  next(key: LuaValue): [LuaValue, LuaValue] | undefined | false {
    let i = 0;
    if (key !== undefined) {
      if (typeof key === 'number' && Number.isInteger(key) && key >= 1 && key <= this.arr.length) {
        i = key;
      } else {
        const at = this.index.get(key === 0 ? 0 : key);
        if (at === undefined) return false;
        return this.hashNext(at + 1);
      }
    }
    for (; i < this.arr.length; i++) {
      const v = this.arr[i];
      if (v !== undefined) return [i + 1, v];
    }
    return this.hashNext(0);
  }

  private hashNext(from: number): [LuaValue, LuaValue] | undefined {
    const keys = this.hkeys;
    const vals = this.hvals;
    for (let i = from; i < keys.length; i++) {
      const v = vals[i];
      if (v !== undefined) return [keys[i] as LuaValue, v];
    }
    return undefined;
  }

  private hashSet(key: unknown, value: LuaValue): void {
    const at = this.index.get(key);
    if (at !== undefined) {
      if (this.hvals[at] !== undefined && value === undefined) this.dead++;
      else if (this.hvals[at] === undefined && value !== undefined) this.dead--;
      this.hvals[at] = value;
      return;
    }
    if (value === undefined) return;
    // Assigning a new key during traversal is undefined in Lua, so compacting here is safe.
    if (this.dead > 16 && this.dead * 2 > this.hkeys.length) this.compact();
    this.index.set(key, this.hkeys.length);
    this.hkeys.push(key);
    this.hvals.push(value);
  }

  private compact(): void {
    const keys: unknown[] = [];
    const vals: LuaValue[] = [];
    const index = new Map<unknown, number>();
    for (let i = 0; i < this.hkeys.length; i++) {
      const v = this.hvals[i];
      if (v === undefined) continue;
      index.set(this.hkeys[i], keys.length);
      keys.push(this.hkeys[i]);
      vals.push(v);
    }
    this.hkeys = keys;
    this.hvals = vals;
    this.index = index;
    this.dead = 0;
  }

  /** After the array part grew, pull following integer keys out of the hash part. */
  private migrateFromHash(): void {
    if (this.index.size === 0) return;
    for (;;) {
      const k = this.arr.length + 1;
      const at = this.index.get(k);
      if (at === undefined || this.hvals[at] === undefined) return;
      this.arr.push(this.hvals[at]);
      this.hvals[at] = undefined;
      this.dead++;
    }
  }

  private trimArray(): void {
    const a = this.arr;
    let n = a.length;
    while (n > 0 && a[n - 1] === undefined) n--;
    a.length = n;
  }
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
  const nul = s.indexOf('\0');
  const t = nul < 0 ? s : s.slice(0, nul);
  const v = strtodPrefix(t, 0);
  let end = strtodEnd;
  if (end === 0) return undefined;
  // (5.1 retries with strtoul when strtod stops at an 'x'; glibc's strtod already reads every
  // hexadecimal form, so that retry never yields a number.)
  while (end < t.length && isSpace(t.charCodeAt(end))) end++;
  return end === t.length ? v : undefined;
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

/** An integer argument (luaL_checkint: the number truncated toward zero). */
export function checkInt(args: LuaValue[], i: number, fname: string): number {
  return Math.trunc(checkNumber(args, i, fname));
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
