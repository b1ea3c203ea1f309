/**
 * Redis's error objects in Lua: a table {err="CODE message"} (luaPushErrorBuff), which
 * redis.call() raises and redis.pcall() returns, plus the helpers that read them back when a
 * script fails or returns one. Redis handles these texts as C strings: they end at a NUL byte.
 */
import { LuaTable, numberToString, type LuaValue } from './lua/value.js';
import { cString } from '../util/bytes.js';


/** Removes CR and LF from both ends (sdstrim with "\r\n"). */
export function trimCrLf(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && (s.charCodeAt(a) === 13 || s.charCodeAt(a) === 10)) a++;
  while (b > a && (s.charCodeAt(b - 1) === 13 || s.charCodeAt(b - 1) === 10)) b--;
  return s.slice(a, b);
}

/**
 * The "CODE message" text Redis stores in an error table: "-CODE message" keeps its code, a
 * code-less "-message" or "message" gets ERR.
 */
export function errorText(buffer: string): string {
  let code = 'ERR';
  let msg: string;
  buffer = cString(buffer);
  if (buffer.charCodeAt(0) === 45) {
    const sp = buffer.indexOf(' ');
    if (sp < 0) msg = buffer.slice(1);
    else {
      code = buffer.slice(1, sp);
      msg = buffer.slice(sp + 1);
    }
  } else {
    msg = buffer;
  }
  return code + ' ' + trimCrLf(msg);
}

/**
 * An error table for `buffer` (see errorText). `counted` marks an error a command already
 * counted in the error stats (ignore_error_stats_update), so returning it does not count twice.
 */
export function errorTable(buffer: string, counted = false): LuaTable {
  const t = new LuaTable();
  t.set('err', errorText(buffer));
  if (counted) t.set('ignore_error_stats_update', true);
  return t;
}

/** What Redis reads from an error object (luaExtractErrorInformation). */
export interface ErrorInfo {
  /** The message, with its code ("ERR ..."); undefined when the object has none. */
  msg: string | undefined;
  source: string | undefined;
  line: string | undefined;
  /** The error was already counted in the error stats. */
  counted: boolean;
}

/** lua_isstring + lua_tostring: strings and numbers (as Lua formats them), else undefined. */
export function luaToString(v: LuaValue): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numberToString(v);
  return undefined;
}

/** Reads an error object: a plain string becomes "ERR <string>"; a table gives its fields. */
export function extractErrorInfo(v: LuaValue): ErrorInfo {
  const info: ErrorInfo = { msg: undefined, source: undefined, line: undefined, counted: false };
  const s = luaToString(v);
  if (s !== undefined) {
    info.msg = 'ERR ' + cString(s);
    return info;
  }
  if (!(v instanceof LuaTable)) return info;
  const err = luaToString(v.get('err'));
  if (err !== undefined) info.msg = cString(err);
  const source = luaToString(v.get('source'));
  if (source !== undefined) info.source = cString(source);
  const line = luaToString(v.get('line'));
  if (line !== undefined) info.line = cString(line);
  const counted = v.get('ignore_error_stats_update');
  if (typeof counted === 'boolean') info.counted = counted;
  return info;
}
