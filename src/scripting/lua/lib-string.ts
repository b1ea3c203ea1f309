/**
 * Lua 5.1.5's string library (lstrlib.c) as Redis 7.0 bundles it: byte, char, dump, find, format,
 * gfind (5.1's compatibility alias of gmatch), gmatch, gsub, len, lower, match, rep, reverse, sub,
 * upper. Strings are byte strings; case mapping and classes follow the C locale (ASCII only).
 */
import { LuaFunction, LuaTable, NO_VALUES, argError, checkNumber, checkString, luaError, numberToString, truthy, typeName, type LuaValue } from './value.js';
import { MatchState, hasSpecials } from './lua-pattern.js';
import { formatString } from './c-printf.js';
import { formatItem, scanFormat } from './string-format.js';
import {
  MAX_STRING,
  checkCInt,
  checkInteger,
  checkStack,
  indexTable,
  isStringLike,
  memoryError,
  optCInt,
  optInteger,
  typeError,
} from './lib-args.js';

export interface StringLibOptions {
  /**
   * string.dump's serializer: the bytes for a Lua function, or undefined for a function that
   * cannot be dumped (a native one: "unable to dump given function"). Without it no function can.
   */
  dump?: (fn: LuaFunction) => string | undefined;
}

/** posrelat: a relative string position (negative counts from the end) made absolute, >= 0. */
function posrelat(pos: number, len: number): number {
  if (pos < 0) pos += len + 1;
  return pos >= 0 ? pos : 0;
}

function strLen(args: LuaValue[]): LuaValue[] {
  return [checkString(args, 0, 'len').length];
}

function strSub(args: LuaValue[]): LuaValue[] {
  const s = checkString(args, 0, 'sub');
  const l = s.length;
  let start = posrelat(checkInteger(args, 1, 'sub'), l);
  let end = posrelat(optInteger(args, 2, 'sub', -1), l);
  if (start < 1) start = 1;
  if (end > l) end = l;
  return [start <= end ? s.slice(start - 1, end) : ''];
}

function strReverse(args: LuaValue[]): LuaValue[] {
  const s = checkString(args, 0, 'reverse');
  let out = '';
  for (let i = s.length - 1; i >= 0; i--) out += s[i];
  return [out];
}

/** ASCII case mapping over bytes (tolower/toupper in the C locale). */
function mapCase(s: string, from: number, to: number): string {
  let i = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= from && c <= to) break;
  }
  if (i === s.length) return s;
  let out = s.slice(0, i);
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out += c >= from && c <= to ? String.fromCharCode(c ^ 0x20) : s[i];
  }
  return out;
}

function strLower(args: LuaValue[]): LuaValue[] {
  return [mapCase(checkString(args, 0, 'lower'), 65, 90)];
}

function strUpper(args: LuaValue[]): LuaValue[] {
  return [mapCase(checkString(args, 0, 'upper'), 97, 122)];
}

function strRep(args: LuaValue[]): LuaValue[] {
  const s = checkString(args, 0, 'rep');
  const n = checkCInt(args, 1, 'rep');
  if (n <= 0 || s.length === 0) return [''];
  if (s.length * n > MAX_STRING) memoryError();
  return [s.repeat(n)];
}

function strByte(args: LuaValue[]): LuaValue[] {
  const s = checkString(args, 0, 'byte');
  const l = s.length;
  let posi = posrelat(optInteger(args, 1, 'byte', 1), l);
  let pose = posrelat(optInteger(args, 2, 'byte', posi), l);
  if (posi <= 0) posi = 1;
  if (pose > l) pose = l;
  if (posi > pose) return NO_VALUES;
  const n = pose - posi + 1;
  checkStack(args.length, n, 'string slice too long');
  const out: LuaValue[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = s.charCodeAt(posi + i - 1);
  return out;
}

function strChar(args: LuaValue[]): LuaValue[] {
  let out = '';
  for (let i = 0; i < args.length; i++) {
    const c = checkCInt(args, i, 'char');
    if (c < 0 || c > 255) argError(i + 1, 'char', 'invalid value');
    out += String.fromCharCode(c);
  }
  return [out];
}

/** Plain substring search (lmemfind): the index of p in s from `init`, or -1. */
function memFind(s: string, p: string, init: number): number {
  if (p.length === 0) return init;
  return s.indexOf(p, init);
}

/** string.find and string.match (str_find_aux). */
function findAux(args: LuaValue[], find: boolean): LuaValue[] {
  const fname = find ? 'find' : 'match';
  const s = checkString(args, 0, fname);
  const p = checkString(args, 1, fname);
  const l1 = s.length;
  let init = posrelat(optInteger(args, 2, fname, 1), l1) - 1;
  if (init < 0) init = 0;
  else if (init > l1) init = l1;
  if (find && (truthy(args[3]) || !hasSpecials(p))) {
    const at = memFind(s, p, init);
    if (at >= 0) return [at + 1, at + p.length];
    return [undefined];
  }
  const ms = new MatchState(s, p);
  const anchor = ms.patEnd > 0 && p.charCodeAt(0) === 94;
  const pstart = anchor ? 1 : 0;
  if (!anchor) ms.withFirstByteAt(pstart);
  for (let s1 = init; ; s1++) {
    if (!anchor) {
      s1 = ms.nextStart(s1);
      if (s1 < 0) break;
    }
    ms.level = 0;
    const e = ms.match(s1, pstart);
    if (e >= 0) {
      if (find) return [s1 + 1, e, ...ms.captures(s1, e, false)];
      return ms.captures(s1, e, true);
    }
    if (anchor || s1 >= l1) break;
  }
  return [undefined];
}

function gmatch(args: LuaValue[]): LuaValue[] {
  const s = checkString(args, 0, 'gmatch');
  const p = checkString(args, 1, 'gmatch');
  let pos = 0;
  const ms = new MatchState(s, p).withFirstByteAt(0);
  const iter = new LuaFunction('gmatch_aux', () => {
    for (let src = pos; src <= s.length; src++) {
      src = ms.nextStart(src);
      if (src < 0) break;
      ms.level = 0;
      const e = ms.match(src, 0);
      if (e >= 0) {
        pos = e === src ? e + 1 : e; // an empty match moves on by one
        return ms.captures(src, e, true);
      }
    }
    return NO_VALUES;
  });
  return [iter];
}

/** A capture as Lua text (positions are numbers, printed as tostring prints them). */
function captureText(v: string | number): string {
  return typeof v === 'string' ? v : numberToString(v);
}

/** The replacement string with %0-%9 and %x escapes (add_s). */
function expandReplacement(ms: MatchState, news: string, s: number, e: number): string {
  let out = '';
  const l = news.length;
  for (let i = 0; i < l; i++) {
    const c = news.charCodeAt(i);
    if (c !== 37) {
      out += news[i];
      continue;
    }
    i++;
    // A trailing '%' reads the string's terminating NUL and copies it (5.1).
    const d = i < l ? news.charCodeAt(i) : 0;
    if (d < 48 || d > 57) out += String.fromCharCode(d);
    else if (d === 48) out += ms.src.slice(s, e);
    else out += captureText(ms.capture(d - 49, s, e));
  }
  return out;
}

function gsub(args: LuaValue[]): LuaValue[] {
  const src = checkString(args, 0, 'gsub');
  const p = checkString(args, 1, 'gsub');
  const repl = args[2];
  const maxS = optCInt(args, 3, 'gsub', src.length + 1);
  if (!(isStringLike(repl) || repl instanceof LuaFunction || repl instanceof LuaTable)) {
    argError(3, 'gsub', 'string/function/table expected');
  }
  const news = typeof repl === 'number' ? numberToString(repl) : repl;
  const ms = new MatchState(src, p);
  const anchor = ms.patEnd > 0 && p.charCodeAt(0) === 94;
  const pstart = anchor ? 1 : 0;
  if (!anchor) ms.withFirstByteAt(pstart);
  let s = 0;
  let n = 0;
  // Unmatched bytes are copied in runs: from copyFrom up to the next match.
  let copyFrom = 0;
  const parts: string[] = [];
  while (n < maxS) {
    if (!anchor) {
      const next = ms.nextStart(s);
      if (next < 0) break;
      s = next;
    }
    ms.level = 0;
    const e = ms.match(s, pstart);
    if (e >= 0) {
      n++;
      parts.push(src.slice(copyFrom, s), replacement(ms, news, s, e));
      copyFrom = e;
    }
    if (e >= 0 && e > s) s = e;
    else if (s < ms.srcEnd) s++;
    else break;
    if (anchor) break;
  }
  parts.push(src.slice(copyFrom));
  try {
    return [parts.join(''), n];
  } catch (e) {
    if (e instanceof RangeError) memoryError();
    throw e;
  }
}

/** The text replacing the match s..e (add_value). */
function replacement(ms: MatchState, repl: string | LuaFunction | LuaTable, s: number, e: number): string {
  if (typeof repl === 'string') return expandReplacement(ms, repl, s, e);
  let v: LuaValue;
  if (repl instanceof LuaFunction) v = repl.call(ms.captures(s, e, true))[0];
  else v = indexTable(repl, ms.capture(0, s, e));
  if (!truthy(v)) return ms.src.slice(s, e);
  if (!isStringLike(v)) luaError(`invalid replacement value (a ${typeName(v)})`);
  return typeof v === 'string' ? v : numberToString(v);
}

/** %q: a string in double quotes that Lua reads back as the same bytes. */
function addQuoted(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    switch (c) {
      case '"':
      case '\\':
      case '\n':
        out += '\\' + c;
        break;
      case '\r':
        out += '\\r';
        break;
      case '\0':
        out += '\\000';
        break;
      default:
        out += c;
    }
  }
  return out + '"';
}

function strFormat(args: LuaValue[]): LuaValue[] {
  const fmt = checkString(args, 0, 'format');
  const top = args.length;
  let arg = 0;
  let out = '';
  const end = fmt.length;
  let i = 0;
  while (i < end) {
    const c = fmt.charCodeAt(i);
    if (c !== 37) {
      // copy a run of plain bytes at once
      let j = fmt.indexOf('%', i);
      if (j < 0) j = end;
      out += fmt.slice(i, j);
      i = j;
      continue;
    }
    i++;
    if (i < end && fmt.charCodeAt(i) === 37) {
      out += '%';
      i++;
      continue;
    }
    if (++arg >= top) argError(arg + 1, 'format', 'no value');
    const spec = scanFormat(fmt, i);
    i = spec.end + 1;
    const conv = spec.end < end ? fmt[spec.end] : '\0';
    switch (conv) {
      case 'q':
        out += addQuoted(checkString(args, arg, 'format'));
        break;
      case 's': {
        const s = checkString(args, arg, 'format');
        if (spec.precision < 0 && s.length >= 100) out += s; // kept whole, width ignored
        else {
          const nul = s.indexOf('\0');
          out += formatString(nul < 0 ? s : s.slice(0, nul), spec);
        }
        break;
      }
      default:
        out += formatItem(conv, spec, checkNumberFor(conv, args, arg));
    }
  }
  return [out];
}

/** The number argument of a numeric conversion, or the invalid-option error first. */
function checkNumberFor(conv: string, args: LuaValue[], arg: number): number {
  if ('cdiouxXeEfgG'.indexOf(conv) < 0) {
    // luaL_error's %c of a NUL byte prints nothing
    luaError(`invalid option '%${conv === '\0' ? '' : conv}' to 'format'`);
  }
  return checkNumber(args, arg, 'format');
}

/** string.format and the other pure functions need no state; dump needs the engine's serializer. */
export function openString(options: StringLibOptions = {}): LuaTable {
  const t = new LuaTable();
  const add = (name: string, fn: (args: LuaValue[]) => LuaValue[]): LuaFunction => {
    const f = new LuaFunction(name, fn);
    t.set(name, f);
    return f;
  };
  add('byte', strByte);
  add('char', strChar);
  add('dump', (args) => {
    const fn = args[0];
    if (!(fn instanceof LuaFunction)) return typeError(args, 0, 'dump', 'function');
    const bytes = options.dump?.(fn);
    if (bytes === undefined) luaError('unable to dump given function');
    return [bytes];
  });
  add('find', (args) => findAux(args, true));
  add('format', strFormat);
  // LUA_COMPAT_GFIND: string.gfind is string.gmatch itself
  t.set('gfind', add('gmatch', gmatch));
  add('gsub', gsub);
  add('len', strLen);
  add('lower', strLower);
  add('match', (args) => findAux(args, false));
  add('rep', strRep);
  add('reverse', strReverse);
  add('sub', strSub);
  add('upper', strUpper);
  return t;
}
