/**
 * C's strtod for doubles, as Redis uses it for sorted-set scores, ranges and weights, plus
 * Redis's d2string text (what a listpack keeps as a score).
 *
 * Two callers with different strictness: string2d (ZADD scores, WEIGHTS, ZINCRBY) wants the
 * whole argument to be a number with no leading space, no overflow to +-inf and no underflow to
 * 0; zslParseRange (score ranges) calls strtod directly on the C string, so leading white space
 * is skipped, overflow gives inf, and an empty string reads as 0. Both reject NaN.
 *
 * Decimal text is validated here and converted with Number(), which rounds correctly exactly
 * as glibc's strtod does; hexadecimal floats ("0x1.8p3") are assembled by hand.
 */
import { hexValue, isDigit, isSpace, matchWord } from './chars.js';
import { formatG17 } from '../protocol/reply.js';

/** End offset of the last strtodPrefix() parse (start when nothing was converted). */
export let strtodEnd = 0;
/** True when the last strtodPrefix() result overflowed, or underflowed to zero (ERANGE). */
export let strtodRange = false;

/**
 * strtod on `s` from offset `start` (the C string ends at the first NUL byte, which no number
 * contains, so it simply stops the parse). Returns the value (NaN for "nan"), sets strtodEnd to
 * the end of what was read (== start when nothing was: the value is then 0) and strtodRange.
 */
export function strtodPrefix(s: string, start: number): number {
  strtodRange = false;
  const n = s.length;
  let i = start;
  while (i < n && isSpace(s.charCodeAt(i))) i++;
  let neg = false;
  let c = s.charCodeAt(i);
  if (c === 43 || c === 45) {
    neg = c === 45;
    i++;
  }
  if (matchWord(s, i, 'inf')) {
    strtodEnd = matchWord(s, i + 3, 'inity') ? i + 8 : i + 3;
    return neg ? -Infinity : Infinity;
  }
  if (matchWord(s, i, 'nan')) {
    let e = i + 3;
    if (s.charCodeAt(e) === 40 /* ( */) {
      let k = e + 1;
      while (k < n) {
        const ch = s.charCodeAt(k);
        if (!(isDigit(ch) || ((ch | 0x20) >= 97 && (ch | 0x20) <= 122) || ch === 95)) break;
        k++;
      }
      if (s.charCodeAt(k) === 41 /* ) */) e = k + 1;
    }
    strtodEnd = e;
    return NaN;
  }
  c = s.charCodeAt(i);
  if (c === 48 && (s.charCodeAt(i + 1) | 0x20) === 120 && (hexValue(s.charCodeAt(i + 2)) >= 0 ||
    (s.charCodeAt(i + 2) === 46 && hexValue(s.charCodeAt(i + 3)) >= 0))) {
    return parseHex(s, i + 2, neg);
  }
  const numStart = i;
  let digits = 0;
  let nonZero = false;
  while (i < n && isDigit(s.charCodeAt(i))) {
    if (s.charCodeAt(i) !== 48) nonZero = true;
    i++;
    digits++;
  }
  if (s.charCodeAt(i) === 46) {
    i++;
    while (i < n && isDigit(s.charCodeAt(i))) {
      if (s.charCodeAt(i) !== 48) nonZero = true;
      i++;
      digits++;
    }
  }
  if (digits === 0) {
    strtodEnd = start;
    return 0;
  }
  if ((s.charCodeAt(i) | 0x20) === 101) {
    let k = i + 1;
    const sc = s.charCodeAt(k);
    if (sc === 43 || sc === 45) k++;
    if (isDigit(s.charCodeAt(k))) {
      while (k < n && isDigit(s.charCodeAt(k))) k++;
      i = k;
    }
  }
  strtodEnd = i;
  const v = Number(s.slice(numStart, i));
  if (v === Infinity || (v === 0 && nonZero)) strtodRange = true;
  return neg ? -v : v;
}

/** Hex digits after "0x" (at least one digit is known to follow, maybe after a '.'). */
function parseHex(s: string, i: number, neg: boolean): number {
  const n = s.length;
  let m = 0n;
  let exp = 0;
  let seenDot = false;
  for (; i < n; i++) {
    const ch = s.charCodeAt(i);
    if (ch === 46 && !seenDot) {
      seenDot = true;
      continue;
    }
    const h = hexValue(ch);
    if (h < 0) break;
    m = m * 16n + BigInt(h);
    if (seenDot) exp -= 4;
  }
  if ((s.charCodeAt(i) | 0x20) === 112) {
    let k = i + 1;
    let eneg = false;
    const sc = s.charCodeAt(k);
    if (sc === 43 || sc === 45) {
      eneg = sc === 45;
      k++;
    }
    if (isDigit(s.charCodeAt(k))) {
      let e = 0;
      while (k < n && isDigit(s.charCodeAt(k))) {
        if (e < 1e6) e = e * 10 + (s.charCodeAt(k) - 48);
        k++;
      }
      exp += eneg ? -e : e;
      i = k;
    }
  }
  strtodEnd = i;
  let v: number;
  if (m === 0n) v = 0;
  else {
    // Scale in steps so intermediate powers of two stay finite.
    v = Number(m);
    let e = exp;
    while (e > 0) {
      const step = Math.min(e, 1000);
      v *= 2 ** step;
      e -= step;
    }
    while (e < 0) {
      const step = Math.max(e, -1000);
      v *= 2 ** step;
      e -= step;
    }
    if (v === Infinity || v === 0) strtodRange = true;
  }
  return neg ? -v : v;
}

/**
 * Redis's string2d: the whole of `s` must be a double (no leading space, no trailing bytes, not
 * NaN, no overflow, no underflow to zero). Returns null when Redis replies "not a valid float".
 */
export function string2d(s: string): number | null {
  const n = s.length;
  // Fast path: 1-9 plain digits (the common integer score).
  if (n > 0 && n < 10) {
    let v = 0;
    let i = 0;
    for (; i < n; i++) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      v = v * 10 + d;
    }
    if (i === n) return v;
  }
  if (n === 0 || isSpace(s.charCodeAt(0))) return null;
  const v = strtodPrefix(s, 0);
  if (strtodEnd !== s.length || strtodRange || v !== v) return null;
  return v;
}

/**
 * Redis's d2string: integral values within +-2^62 print as integers, others as %.17g (and
 * "inf", "-inf", "-0"). This is the text a listpack holds for a score (ZSCAN shows it).
 */
export function d2string(d: number): string {
  if (d !== d) return 'nan';
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  if (d === 0) return Object.is(d, -0) ? '-0' : '0';
  if (Number.isInteger(d) && d >= -4611686018427387904 && d <= 4611686018427387904) {
    return Number.isSafeInteger(d) ? String(d) : BigInt(d).toString();
  }
  return formatG17(d);
}
