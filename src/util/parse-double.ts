/**
 * TEMPORARY: the zset work brings src/util/strtod.ts (string2d); geo switches to it once merged.
 *
 * Redis's getDoubleFromObject: a double argument as C's strtod reads it (decimal, hexadecimal
 * "0x1.8p3", "inf"/"infinity"), where the whole argument must be consumed, no leading space is
 * allowed, NaN is refused, and so are overflow to infinity and underflow to zero (a denormal
 * result is accepted, as glibc returns it).
 *
 * The syntax is checked here; decimal digits are then converted by JS's correctly rounded
 * Number(), which agrees with glibc's correctly rounded strtod.
 */

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20;
  return l >= 97 && l <= 102 ? l - 87 : -1;
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** Case-insensitive match of ASCII `word` (lowercase) at the end of `s` from `i`. */
function restIs(s: string, i: number, word: string): boolean {
  if (s.length - i !== word.length) return false;
  for (let k = 0; k < word.length; k++) if ((s.charCodeAt(i + k) | 0x20) !== word.charCodeAt(k)) return false;
  return true;
}

/**
 * Parses `s` as Redis parses a double argument. Returns null where Redis replies with its
 * "not a valid float" error (or the command's own message).
 */
export function parseDouble(s: string): number | null {
  const n = s.length;
  if (n === 0 || isSpace(s.charCodeAt(0))) return null;
  let i = 0;
  let neg = false;
  const c0 = s.charCodeAt(0);
  if (c0 === 43 || c0 === 45) {
    neg = c0 === 45;
    i++;
  }
  if (restIs(s, i, 'inf') || restIs(s, i, 'infinity')) return neg ? -Infinity : Infinity;
  if (s.charCodeAt(i) === 48 && (s.charCodeAt(i + 1) | 0x20) === 120) {
    const h = parseHex(s, i + 2, neg);
    if (h !== undefined) return h;
    // "0x" not followed by hex digits: strtod reads "0" and stops at the 'x'.
    return null;
  }
  // Decimal: digits [. digits] [e [sign] digits], at least one mantissa digit.
  const start = i;
  let digits = 0;
  let nonZero = false;
  while (i < n && isDigit(s.charCodeAt(i))) {
    if (s.charCodeAt(i) !== 48) nonZero = true;
    i++;
    digits++;
  }
  if (i < n && s.charCodeAt(i) === 46) {
    i++;
    while (i < n && isDigit(s.charCodeAt(i))) {
      if (s.charCodeAt(i) !== 48) nonZero = true;
      i++;
      digits++;
    }
  }
  if (digits === 0) return null;
  if (i < n && (s.charCodeAt(i) | 0x20) === 101) {
    let j = i + 1;
    const c = s.charCodeAt(j);
    if (c === 43 || c === 45) j++;
    if (!isDigit(s.charCodeAt(j))) return null; // strtod stops before the 'e': trailing bytes
    while (j < n && isDigit(s.charCodeAt(j))) j++;
    i = j;
  }
  if (i !== n) return null;
  const v = Number(s.slice(start));
  if (v === Infinity) return null; // overflow (ERANGE)
  if (v === 0 && nonZero) return null; // underflow to zero (ERANGE)
  return neg ? -v : v;
}

/**
 * Hexadecimal float after "0x": hex digits [. hex digits] [p [sign] digits]. Returns undefined
 * when there is no hex digit, null when the rest is not a valid tail, else the rounded value.
 */
function parseHex(s: string, i: number, neg: boolean): number | null | undefined {
  const n = s.length;
  let mant = 0n;
  let digits = 0;
  let fracDigits = 0;
  while (i < n && hexValue(s.charCodeAt(i)) >= 0) {
    mant = (mant << 4n) | BigInt(hexValue(s.charCodeAt(i)));
    i++;
    digits++;
  }
  if (i < n && s.charCodeAt(i) === 46) {
    i++;
    while (i < n && hexValue(s.charCodeAt(i)) >= 0) {
      mant = (mant << 4n) | BigInt(hexValue(s.charCodeAt(i)));
      i++;
      digits++;
      fracDigits++;
    }
  }
  if (digits === 0) return undefined;
  let exp = 0;
  if (i < n && (s.charCodeAt(i) | 0x20) === 112) {
    let j = i + 1;
    let eneg = false;
    const c = s.charCodeAt(j);
    if (c === 43 || c === 45) {
      eneg = c === 45;
      j++;
    }
    if (!isDigit(s.charCodeAt(j))) return null;
    while (j < n && isDigit(s.charCodeAt(j))) {
      if (exp < 1e8) exp = exp * 10 + (s.charCodeAt(j) - 48);
      j++;
    }
    if (eneg) exp = -exp;
    i = j;
  }
  if (i !== n) return null;
  if (mant === 0n) return neg ? -0 : 0;
  const v = binaryToDouble(mant, exp - 4 * fracDigits);
  if (v === Infinity || v === 0) return null;
  return neg ? -v : v;
}

/** Rounds mant * 2^exp (mant > 0) to the nearest double, ties to even, with denormals. */
function binaryToDouble(mant: bigint, exp: number): number {
  const bits = mant.toString(2).length;
  const top = exp + bits - 1; // exponent of the leading bit
  if (top > 1023) return Infinity;
  // The lowest bit a double keeps: 52 below the leading bit, but never below 2^-1074.
  let lsb = top - 52;
  if (lsb < -1074) lsb = -1074;
  if (lsb > exp) {
    const sh = BigInt(lsb - exp);
    let q = mant >> sh;
    const rem = mant - (q << sh);
    const half = 1n << (sh - 1n);
    if (rem > half || (rem === half && (q & 1n) === 1n)) q++;
    mant = q;
    exp = lsb;
  }
  if (mant === 0n) return 0;
  // mant now has at most 54 bits (53 plus a carry): exact in a double times a power of two.
  const m = Number(mant);
  const r = exp >= -1022 ? m * 2 ** exp : m * 2 ** (exp + 1074) * 2 ** -1074;
  return r;
}
