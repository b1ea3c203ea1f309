/**
 * Lua 5.1's string -> number conversion (luaO_str2d: C strtod, then only trailing spaces). Used by
 * the lexer for numerals and by the runtime for arithmetic coercion and tonumber().
 */
import { strtodEnd, strtodPrefix } from '../../util/strtod.js';
import { shortDigits } from '../../util/int64.js';

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** Parses a whole string as a Lua number; undefined when it is not one. */
export function str2number(s: string): number | undefined {
  const n = s.length;
  // Fast path: plain non-negative integers, the common case for Redis replies and ARGV.
  const short = shortDigits(s);
  if (short >= 0) return short;
  const value = strtodPrefix(s, 0);
  let j = strtodEnd;
  if (j === 0) return undefined; // nothing converted
  while (j < n && isSpace(s.charCodeAt(j))) j++;
  // C sees the string up to its first zero byte
  return j === n || s.charCodeAt(j) === 0 ? value : undefined;
}
