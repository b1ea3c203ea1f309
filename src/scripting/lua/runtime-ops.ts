/**
 * Operators for compiled code with Lua 5.1 semantics: arithmetic with string coercion and
 * metamethods, concatenation (numbers as %.14g), comparison (numbers, strings by bytes,
 * __lt/__le), equality with __eq, the length operator, and numeric-for coercion.
 */
import { LuaError, LuaFunction, LuaTable, numberToString, typeName, type LuaValue } from './value.js';
import { str2number } from './number.js';
import { runtimeError, typeError, type Host, type Site } from './site.js';
import { callFunction, callMeta, metamethod } from './runtime-call.js';

/** luaV_tonumber: numbers, and strings that convert; else undefined. */
export function toNumber(v: LuaValue): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return str2number(v);
  return undefined;
}

/** C's pow() where it differs from JS (1^y and (-1)^±inf are 1). */
export function powC(x: number, y: number): number {
  if (x === 1) return 1;
  if (x === -1 && (y === Infinity || y === -Infinity)) return 1;
  return Math.pow(x, y);
}

/** luai_nummod: a - floor(a/b)*b */
export function modLua(a: number, b: number): number {
  return a - Math.floor(a / b) * b;
}

function arith(a: LuaValue, b: LuaValue, site: Site, ev: string): LuaValue {
  const x = toNumber(a);
  const y = toNumber(b);
  if (x !== undefined && y !== undefined) {
    switch (ev) {
      case '__add': return x + y;
      case '__sub': return x - y;
      case '__mul': return x * y;
      case '__div': return x / y;
      case '__mod': return modLua(x, y);
      case '__pow': return powC(x, y);
      default: return -x; // __unm
    }
  }
  const host = site.chunk.host;
  let h = metamethod(a, ev, host);
  if (h === undefined) h = metamethod(b, ev, host);
  if (h !== undefined) return callMeta(h, [a, b], site)[0];
  if (x === undefined) throw typeError(site, a, 'perform arithmetic on', site.d1);
  throw typeError(site, b, 'perform arithmetic on', site.d2);
}

export function add(a: LuaValue, b: LuaValue, site: Site): LuaValue {
  return typeof a === 'number' && typeof b === 'number' ? a + b : arith(a, b, site, '__add');
}
export function sub(a: LuaValue, b: LuaValue, site: Site): LuaValue {
  return typeof a === 'number' && typeof b === 'number' ? a - b : arith(a, b, site, '__sub');
}
export function mul(a: LuaValue, b: LuaValue, site: Site): LuaValue {
  return typeof a === 'number' && typeof b === 'number' ? a * b : arith(a, b, site, '__mul');
}
export function div(a: LuaValue, b: LuaValue, site: Site): LuaValue {
  return typeof a === 'number' && typeof b === 'number' ? a / b : arith(a, b, site, '__div');
}
export function mod(a: LuaValue, b: LuaValue, site: Site): LuaValue {
  return typeof a === 'number' && typeof b === 'number' ? a - Math.floor(a / b) * b : arith(a, b, site, '__mod');
}
export function pow(a: LuaValue, b: LuaValue, site: Site): LuaValue {
  return typeof a === 'number' && typeof b === 'number' ? powC(a, b) : arith(a, b, site, '__pow');
}
export function unm(a: LuaValue, site: Site): LuaValue {
  return typeof a === 'number' ? -a : arith(a, a, site, '__unm');
}

/** a .. b */
export function concat(a: LuaValue, b: LuaValue, site: Site): LuaValue {
  if (typeof a === 'string') {
    if (typeof b === 'string') return a + b;
    if (typeof b === 'number') return a + numberToString(b);
  } else if (typeof a === 'number') {
    if (typeof b === 'string') return numberToString(a) + b;
    if (typeof b === 'number') return numberToString(a) + numberToString(b);
  }
  const host = site.chunk.host;
  let h = metamethod(a, '__concat', host);
  if (h === undefined) h = metamethod(b, '__concat', host);
  if (h !== undefined) return callMeta(h, [a, b], site)[0];
  if (typeof a === 'string' || typeof a === 'number') throw typeError(site, b, 'concatenate', site.d2);
  throw typeError(site, a, 'concatenate', site.d1);
}

/** #a */
export function len(a: LuaValue, site: Site): LuaValue {
  if (typeof a === 'string') return a.length;
  if (a instanceof LuaTable) return a.length();
  const h = metamethod(a, '__len', site.chunk.host);
  if (h !== undefined) return callMeta(h, [a, undefined], site)[0];
  throw typeError(site, a, 'get length of', site.d1);
}

/** a == b */
export function eq(a: LuaValue, b: LuaValue, site: Site): boolean {
  return a === b || (a instanceof LuaTable && b instanceof LuaTable && eqMeta(a, b, site));
}

function eqMeta(a: LuaTable, b: LuaTable, site: Site): boolean {
  const mt1 = a.metatable;
  const tm1 = mt1 === undefined ? undefined : mt1.getStr('__eq');
  if (tm1 === undefined) return false;
  if (mt1 !== b.metatable) {
    const mt2 = b.metatable;
    const tm2 = mt2 === undefined ? undefined : mt2.getStr('__eq');
    if (tm2 === undefined || tm1 !== tm2) return false;
  }
  const r = callMeta(tm1, [a, b], site)[0];
  return r !== undefined && r !== false;
}

/** a < b */
export function lt(a: LuaValue, b: LuaValue, site: Site): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a < b;
  if (typeof a === 'string' && typeof b === 'string') return a < b;
  if (typeName(a) !== typeName(b)) throw orderError(site, a, b);
  const r = orderTM(a, b, site, '__lt');
  if (r === undefined) throw orderError(site, a, b);
  return r;
}

/** a <= b */
export function le(a: LuaValue, b: LuaValue, site: Site): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a <= b;
  if (typeof a === 'string' && typeof b === 'string') return a <= b;
  if (typeName(a) !== typeName(b)) throw orderError(site, a, b);
  let r = orderTM(a, b, site, '__le');
  if (r !== undefined) return r;
  r = orderTM(b, a, site, '__lt');
  if (r !== undefined) return !r;
  throw orderError(site, a, b);
}

/** a > b is b < a (Lua swaps the operands, also in the error message). */
export function gt(a: LuaValue, b: LuaValue, site: Site): boolean {
  return lt(b, a, site);
}

/** a >= b is b <= a */
export function ge(a: LuaValue, b: LuaValue, site: Site): boolean {
  return le(b, a, site);
}

function orderTM(a: LuaValue, b: LuaValue, site: Site, ev: string): boolean | undefined {
  const host = site.chunk.host;
  const h1 = metamethod(a, ev, host);
  if (h1 === undefined) return undefined;
  const h2 = metamethod(b, ev, host);
  if (h1 !== h2) return undefined;
  const r = callMeta(h1, [a, b], site)[0];
  return r !== undefined && r !== false;
}

function orderMessage(a: LuaValue, b: LuaValue): string {
  const t1 = typeName(a);
  const t2 = typeName(b);
  return t1[2] === t2[2] ? `attempt to compare two ${t1} values` : `attempt to compare ${t1} with ${t2}`;
}

function orderError(site: Site, a: LuaValue, b: LuaValue) {
  return runtimeError(site, orderMessage(a, b));
}

/**
 * lua_lessthan for natives (table.sort without a comparator): metamethods are called as C
 * calls and errors carry no position, as they are raised inside the native.
 */
export function lessThanNative(a: LuaValue, b: LuaValue, host: Host): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a < b;
  if (typeof a === 'string' && typeof b === 'string') return a < b;
  if (typeName(a) === typeName(b)) {
    const h1 = metamethod(a, '__lt', host);
    if (h1 !== undefined && h1 === metamethod(b, '__lt', host)) {
      const r = callFunction(h1, [a, b])[0];
      return r !== undefined && r !== false;
    }
  }
  throw new LuaError(orderMessage(a, b));
}

const FOR_WHAT = ["'for' initial value", "'for' limit", "'for' step"];

/** Numeric for: coerce the start (0), limit (1) or step (2) or fail as Lua does. */
export function forNum(v: LuaValue, which: number, site: Site): number {
  const n = toNumber(v);
  if (n === undefined) throw runtimeError(site, `${FOR_WHAT[which]} must be a number`);
  return n;
}

/** Is `f` a Lua function? (compiled code checks this before the fast call) */
export function isFunction(f: LuaValue): f is LuaFunction {
  return f instanceof LuaFunction;
}
