/**
 * Lua 5.1's base library (lbaselib.c) as Redis exposes it: no dofile/loadfile/getfenv/setfenv/
 * newproxy, and `print` only when the embedder supplies an output (tests do; Redis does not).
 * Argument checks and messages follow lbaselib.c.
 */
import {
  LuaError, LuaFunction, LuaTable, NO_VALUES, argError, checkAny, checkInt, checkString,
  checkTable, luaError, numberToString, optInt, typeName, type LuaValue,
} from './value.js';
import { callFunction, metamethod, metatableOf, resolveOutside } from './runtime-call.js';
import { ipairsAux, nextImpl } from './runtime-iter.js';
import { toNumber } from './runtime-ops.js';
import type { Host } from './site.js';
import type { LuaState } from './state.js';

export interface BaseOptions {
  /** Enables `print`, writing each line (without the newline) here. */
  print?: (line: string) => void;
}

const addresses = new WeakMap<object, string>();
let nextAddress = 0x55a4c0de1000;

/** A stable fake address for "table: 0x..." (like %p). */
function addressOf(o: object): string {
  let a = addresses.get(o);
  if (a === undefined) {
    a = '0x' + nextAddress.toString(16);
    nextAddress += 0x40;
    addresses.set(o, a);
  }
  return a;
}

/** tostring() without metamethods (lua_tostring plus the "%s: %p" form). */
export function tostringRaw(v: LuaValue): string {
  switch (typeof v) {
    case 'undefined':
      return 'nil';
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      return numberToString(v);
    case 'string':
      return v;
  }
  return `${typeName(v)}: ${addressOf(v as object)}`;
}

/** tostring(): __tostring if the value's metatable has one, else {@link tostringRaw}. */
export function tostring(v: LuaValue, host: Host): LuaValue {
  const h = metamethod(v, '__tostring', host);
  if (h !== undefined) return callFunction(h, [v])[0];
  return tostringRaw(v);
}

/** Turns an exception caught by pcall into the error value it returns (or rethrows). */
function caught(e: unknown): LuaValue {
  if (!(e instanceof LuaError) || e.uncatchable) throw e;
  resolveOutside(e);
  return e.value;
}

/**
 * pcall's core, for natives (and for an embedder replacing `pcall`, as Redis does to unwrap its
 * error tables): [true, ...results], or [false, error value]. Uncatchable errors propagate.
 */
export function protectedCall(fn: LuaValue, args: LuaValue[]): LuaValue[] {
  try {
    return [true, ...callFunction(fn, args)];
  } catch (e) {
    return [false, caught(e)];
  }
}

/** C strtoul over a Lua string (up to its first zero byte); undefined if nothing parses. */
function strtoul(s: string, base: number): number | undefined {
  const z = s.indexOf('\0');
  if (z >= 0) s = s.slice(0, z);
  let i = 0;
  const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13);
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  let neg = false;
  if (s[i] === '+' || s[i] === '-') neg = s[i++] === '-';
  const digit = (c: number) => {
    const d = c >= 48 && c <= 57 ? c - 48 : (c | 32) >= 97 && (c | 32) <= 122 ? (c | 32) - 87 : 99;
    return d < base ? d : -1;
  };
  if (base === 16 && s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X') && digit(s.charCodeAt(i + 2)) >= 0) i += 2;
  const start = i;
  let v = 0n;
  const max = (1n << 64n) - 1n;
  let overflow = false;
  const b = BigInt(base);
  for (; i < s.length; i++) {
    const d = digit(s.charCodeAt(i));
    if (d < 0) break;
    if (!overflow) {
      v = v * b + BigInt(d);
      if (v > max) overflow = true;
    }
  }
  if (i === start) return undefined;
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  if (i !== s.length) return undefined;
  if (overflow) v = max;
  else if (neg && v !== 0n) v = (1n << 64n) - v;
  return Number(v);
}

const GC_OPTIONS = ['stop', 'restart', 'collect', 'count', 'step', 'setpause', 'setstepmul'];

/** Opens the base library into `state.globals`. */
export function openBase(state: LuaState, opts: BaseOptions = {}): void {
  const G = state.globals;
  const host: Host = state;
  const def = (name: string, fn: (args: LuaValue[]) => LuaValue[]) => G.setStr(name, new LuaFunction(name, fn));
  const gcParams = { pause: 200, stepmul: 200 };

  def('assert', (args) => {
    checkAny(args, 0, 'assert');
    const v = args[0];
    if (v === undefined || v === false) {
      luaError(args[1] === undefined ? 'assertion failed!' : checkString(args, 1, 'assert'));
    }
    return args;
  });

  def('collectgarbage', (args) => {
    const opt = args[0] === undefined ? 'collect' : checkString(args, 0, 'collectgarbage');
    const o = GC_OPTIONS.indexOf(opt);
    if (o < 0) argError(1, 'collectgarbage', `invalid option '${opt}'`);
    const ex = optInt(args, 1, 'collectgarbage', 0);
    switch (opt) {
      case 'count':
        return [process.memoryUsage().heapUsed / 1024];
      case 'step':
        return [false];
      case 'setpause': {
        const prev = gcParams.pause;
        gcParams.pause = ex;
        return [prev];
      }
      case 'setstepmul': {
        const prev = gcParams.stepmul;
        gcParams.stepmul = ex;
        return [prev];
      }
      default:
        return [0];
    }
  });

  def('error', (args) => {
    const level = optInt(args, 1, 'error', 1);
    const v = args[0];
    const e = new LuaError(v, (typeof v === 'string' || typeof v === 'number') && level > 0);
    e.level = level > 0 ? level : 1;
    throw e;
  });

  def('gcinfo', () => [Math.floor(process.memoryUsage().heapUsed / 1024)]);

  def('getmetatable', (args) => {
    checkAny(args, 0, 'getmetatable');
    const mt = metatableOf(args[0], host);
    if (mt === undefined) return [undefined];
    const protectedValue = mt.getStr('__metatable');
    return [protectedValue !== undefined ? protectedValue : mt];
  });

  const ipairsIter = new LuaFunction('ipairs', ipairsAux);
  def('ipairs', (args) => [ipairsIter, checkTable(args, 0, 'ipairs'), 0]);

  def('load', (args) => {
    const name = args[1] === undefined ? '=(load)' : checkString(args, 1, 'load');
    const fn = args[0];
    if (!(fn instanceof LuaFunction)) {
      argError(1, 'load', `function expected, got ${args.length > 0 ? typeName(fn) : 'no value'}`);
    }
    const pieces: string[] = [];
    try {
      for (;;) {
        const piece = callFunction(fn, NO_VALUES)[0];
        if (piece === undefined || piece === '') break;
        if (typeof piece === 'number') pieces.push(numberToString(piece));
        else if (typeof piece === 'string') pieces.push(piece);
        else throw new LuaError('reader function must return a string');
      }
      return [state.load(pieces.join(''), name)];
    } catch (e) {
      return [undefined, caught(e)];
    }
  });

  def('loadstring', (args) => {
    const s = checkString(args, 0, 'loadstring');
    const name = args[1] === undefined ? s : checkString(args, 1, 'loadstring');
    try {
      return [state.load(s, name)];
    } catch (e) {
      return [undefined, caught(e)];
    }
  });

  const next = new LuaFunction('next', nextImpl);
  G.setStr('next', next);
  const pairsNext = new LuaFunction('next', nextImpl);
  def('pairs', (args) => [pairsNext, checkTable(args, 0, 'pairs'), undefined]);

  def('pcall', (args) => {
    checkAny(args, 0, 'pcall');
    return protectedCall(args[0], args.length > 1 ? args.slice(1) : NO_VALUES);
  });

  if (opts.print !== undefined) {
    const out = opts.print;
    def('print', (args) => {
      const ts = G.getStr('tostring');
      const parts: string[] = [];
      for (const v of args) {
        const s = callFunction(ts, [v])[0];
        if (typeof s === 'string') parts.push(s);
        else if (typeof s === 'number') parts.push(numberToString(s));
        else luaError("'tostring' must return a string to 'print'");
      }
      out(parts.join('\t'));
      return NO_VALUES;
    });
  }

  def('rawequal', (args) => {
    checkAny(args, 0, 'rawequal');
    checkAny(args, 1, 'rawequal');
    return [args[0] === args[1]];
  });

  def('rawget', (args) => {
    const t = checkTable(args, 0, 'rawget');
    checkAny(args, 1, 'rawget');
    return [t.get(args[1])];
  });

  def('rawset', (args) => {
    const t = checkTable(args, 0, 'rawset');
    checkAny(args, 1, 'rawset');
    checkAny(args, 2, 'rawset');
    rawset(t, args[1], args[2]);
    return [t];
  });

  def('select', (args) => {
    const n = args.length;
    const a = args[0];
    if (typeof a === 'string' && a.charCodeAt(0) === 35) return [n - 1];
    let i = checkInt(args, 0, 'select');
    if (i < 0) i = n + i;
    else if (i > n) i = n;
    if (i < 1) argError(1, 'select', 'index out of range');
    return args.slice(i);
  });

  def('setmetatable', (args) => {
    const t = checkTable(args, 0, 'setmetatable');
    const mt = args[1];
    if (args.length < 2 || !(mt === undefined || mt instanceof LuaTable)) {
      argError(2, 'setmetatable', 'nil or table expected');
    }
    if (t.metatable !== undefined && t.metatable.getStr('__metatable') !== undefined) {
      luaError('cannot change a protected metatable');
    }
    if (t.readonly) throw new LuaError('Attempt to modify a readonly table');
    t.metatable = mt;
    return [t];
  });

  def('tonumber', (args) => {
    const base = optInt(args, 1, 'tonumber', 10);
    if (base === 10) {
      checkAny(args, 0, 'tonumber');
      return [toNumber(args[0])];
    }
    const s = checkString(args, 0, 'tonumber');
    if (base < 2 || base > 36) argError(2, 'tonumber', 'base out of range');
    return [strtoul(s, base)];
  });

  def('tostring', (args) => {
    checkAny(args, 0, 'tostring');
    return [tostring(args[0], host)];
  });

  def('type', (args) => {
    checkAny(args, 0, 'type');
    return [typeName(args[0])];
  });

  def('unpack', (args) => {
    const t = checkTable(args, 0, 'unpack');
    const i = optInt(args, 1, 'unpack', 1);
    const e = args[2] === undefined ? t.length() : checkInt(args, 2, 'unpack');
    if (i > e) return NO_VALUES;
    const n = (e - i + 1) | 0; // C int arithmetic, overflow included
    if (n <= 0 || n + args.length > 8000) luaError('too many results to unpack');
    if (i === 1 && e === t.arr.length) return t.arr.slice();
    const out = new Array<LuaValue>(n);
    for (let k = 0; k < n; k++) out[k] = t.get(i + k);
    return out;
  });

  def('xpcall', (args) => {
    checkAny(args, 1, 'xpcall');
    const handler = args[1];
    try {
      return [true, ...callFunction(args[0], NO_VALUES)];
    } catch (e) {
      let v = caught(e);
      // An error inside the handler calls the handler again, as Lua does, until the C stack gives out.
      for (let tries = 0; tries < 200; tries++) {
        try {
          return [false, callFunction(handler, [v])[0]];
        } catch (e2) {
          v = caught(e2);
        }
      }
      return [false, 'error in error handling'];
    }
  });

  G.setStr('_G', G);
  G.setStr('_VERSION', 'Lua 5.1');
}

/** rawset with Redis's read-only check and Lua's key checks (raised without position, in C). */
export function rawset(t: LuaTable, k: LuaValue, v: LuaValue): void {
  if (t.readonly) throw new LuaError('Attempt to modify a readonly table');
  if (k === undefined) throw new LuaError('table index is nil');
  if (k !== k) throw new LuaError('table index is NaN');
  t.set(k, v);
}

