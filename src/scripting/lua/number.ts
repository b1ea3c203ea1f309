/**
 * Lua 5.1's string -> number conversion (luaO_str2d: C strtod, then only trailing spaces). Used by
 * the lexer for numerals and by the runtime for arithmetic coercion and tonumber().
 */
import { strtodEnd, strtodPrefix } from '../../util/strtod.js';

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** Parses a whole string as a Lua number; undefined when it is not one. */
export function str2number(s: string): number | undefined {
  const n = s.length;
  // Fast path: plain non-negative integers, the common case for Redis replies and ARGV.
  if (n > 0 && n < 16) {
    let v = 0;
    let i = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 48 || c > 57) break;
      v = v * 10 + (c - 48);
    }
    if (i === n) return v;
  }
  const value = strtodPrefix(s, 0);
  let j = strtodEnd;
  if (j === 0) return undefined; // nothing converted
  while (j < n && isSpace(s.charCodeAt(j))) j++;
  // C sees the string up to its first zero byte
  return j === n || s.charCodeAt(j) === 0 ? value : undefined;
}
