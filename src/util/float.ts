/**
 * Redis's `long double` arithmetic for INCRBYFLOAT and HINCRBYFLOAT, reproduced exactly.
 *
 * Redis parses both operands with strtold, adds them as x86 80-bit extended floats (64-bit
 * significand) and prints the sum with "%.17Lf", trimming trailing zeros. A JS double cannot
 * reproduce that: 10.5 + 0.1 prints as "10.6" in Redis but "10.59999999999999964" with doubles,
 * and Redis accepts 1e400. So values are emulated here as exact binary fractions (BigInt
 * significand times a power of two) rounded to the extended format after every operation, with
 * round-to-nearest-even, denormals and overflow to infinity as the x87 does. Integer operands
 * take a plain-number fast path; everything else is BigInt, which is fine off the GET/SET path.
 */
import { hexValue, isDigit, isSpace, matchWord } from './chars.js';

/** An 80-bit extended float: sign, and magnitude `mant * 2^exp` unless `special` is set. */
export interface LongDouble {
  readonly neg: boolean;
  /** Significand; below 2^64 once rounded (exactly 2^64 only transiently). */
  readonly mant: bigint;
  readonly exp: number;
  /** Set for infinities and NaN (mant/exp are then meaningless). */
  readonly special?: 'inf' | 'nan';
}

/** Exponent of the least significant bit of the smallest denormal (LDBL_TRUE_MIN = 2^-16445). */
const MIN_LSB_EXP = -16445;
/** Largest exponent of a finite value's leading bit (LDBL_MAX < 2^16384). */
const MAX_TOP_EXP = 16383;
/** Redis's MAX_LONG_DOUBLE_CHARS: longer inputs are rejected before parsing. */
const MAX_LONG_DOUBLE_CHARS = 5 * 1024;

const NAN: LongDouble = { neg: false, mant: 0n, exp: 0, special: 'nan' };
const INF: LongDouble = { neg: false, mant: 0n, exp: 0, special: 'inf' };
const NEG_INF: LongDouble = { neg: true, mant: 0n, exp: 0, special: 'inf' };

function zero(neg: boolean): LongDouble {
  return { neg, mant: 0n, exp: 0 };
}

/** Number of bits of a positive bigint. */
function bitLength(b: bigint): number {
  if (b === 0n) return 0;
  const h = b.toString(16);
  return (h.length - 1) * 4 + (32 - Math.clz32(parseInt(h[0], 16)));
}

/** Rounds the exact value (-1)^neg * m * 2^e (m >= 0) to the extended format. */
function roundExtended(neg: boolean, m: bigint, e: number): LongDouble {
  if (m === 0n) return zero(neg);
  const top = e + bitLength(m) - 1;
  let lsb = top - 63;
  if (lsb < MIN_LSB_EXP) lsb = MIN_LSB_EXP;
  if (lsb > e) {
    const sh = BigInt(lsb - e);
    let q = m >> sh;
    const rem = m - (q << sh);
    const half = 1n << (sh - 1n);
    if (rem > half || (rem === half && (q & 1n) === 1n)) q++;
    if (q === 0n) return zero(neg); // underflow
    m = q;
    e = lsb;
  }
  if (e + bitLength(m) - 1 > MAX_TOP_EXP) return neg ? NEG_INF : INF;
  return { neg, mant: m, exp: e };
}

/**
 * Parses an optional-signed decimal exponent at s[i]; returns [value, end] or null when there
 * are no digits (strtold then leaves the exponent marker unconsumed). Saturates huge exponents.
 */
function parseExponent(s: string, i: number): [number, number] | null {
  let neg = false;
  const c = s.charCodeAt(i);
  if (c === 43 || c === 45) {
    neg = c === 45;
    i++;
  }
  if (!isDigit(s.charCodeAt(i))) return null;
  let v = 0;
  while (i < s.length && isDigit(s.charCodeAt(i))) {
    if (v < 1e8) v = v * 10 + (s.charCodeAt(i) - 48);
    i++;
  }
  return [neg ? -v : v, i];
}

/**
 * Parses `s` as Redis's string2ld does: the whole string must be what strtold reads (decimal,
 * hexadecimal "0x1.8p3", "inf"/"infinity"), with no leading space, no NaN, and no overflow to
 * infinity or underflow to zero. Returns null when Redis would reply "value is not a valid float".
 */
export function parseLongDouble(s: string): LongDouble | null {
  const n = s.length;
  if (n === 0 || n >= MAX_LONG_DOUBLE_CHARS) return null;
  if (isSpace(s.charCodeAt(0))) return null;
  let i = 0;
  let neg = false;
  let c = s.charCodeAt(0);
  if (c === 43 || c === 45) {
    neg = c === 45;
    i++;
  }
  // "inf" / "infinity" are accepted; any "nan" is rejected (isnan, or trailing "(...)").
  if (matchWord(s, i, 'inf')) {
    const end = matchWord(s, i + 3, 'inity') ? i + 8 : i + 3;
    return end === n ? (neg ? NEG_INF : INF) : null;
  }
  c = s.charCodeAt(i);
  if (c === 48 && (s.charCodeAt(i + 1) | 0x20) === 120 /* x */) {
    const h = parseHex(s, i + 2, neg);
    if (h !== undefined) return h;
    // "0x" without hex digits: strtold reads just "0", leaving the "x".
    return null;
  }
  return parseDecimal(s, i, neg);
}

function parseDecimal(s: string, i: number, neg: boolean): LongDouble | null {
  const n = s.length;
  const start = i;
  while (i < n && isDigit(s.charCodeAt(i))) i++;
  let digits = s.slice(start, i);
  let fracDigits = 0;
  if (i < n && s.charCodeAt(i) === 46 /* . */) {
    const fs = ++i;
    while (i < n && isDigit(s.charCodeAt(i))) i++;
    fracDigits = i - fs;
    digits += s.slice(fs, i);
  }
  if (digits.length === 0) return null;
  let exp10 = 0;
  if (i < n && (s.charCodeAt(i) | 0x20) === 101 /* e */) {
    const ex = parseExponent(s, i + 1);
    if (ex === null) return null;
    exp10 = ex[0];
    i = ex[1];
  }
  if (i !== n) return null;
  // Significant digits only: drop leading zeros, fold trailing zeros into the exponent.
  let a = 0;
  while (a < digits.length && digits.charCodeAt(a) === 48) a++;
  let b = digits.length;
  while (b > a && digits.charCodeAt(b - 1) === 48) b--;
  if (a === b) return zero(neg);
  const p = exp10 - fracDigits + (digits.length - b);
  const sig = b - a;
  // value = D * 10^p with 10^(sig-1+p) <= value < 10^(sig+p); LDBL_MAX ~ 1.19e4932,
  // half the smallest denormal ~ 1.8e-4951. Far outside: overflow / underflow (both rejected).
  if (sig - 1 + p > 4940) return null;
  if (sig + p < -4960) return null;
  const d = BigInt(digits.slice(a, b));
  let r: LongDouble;
  if (p >= 0) {
    r = roundExtended(neg, d * 10n ** BigInt(p), 0);
  } else {
    // Quotient with at least 66 bits plus a sticky bit: rounding it once is exact rounding.
    const den = 10n ** BigInt(-p);
    const shift = Math.max(0, 66 + bitLength(den) - bitLength(d));
    const num = d << BigInt(shift);
    const q = num / den;
    const sticky = num - q * den === 0n ? 0n : 1n;
    r = roundExtended(neg, (q << 1n) | sticky, -shift - 1);
  }
  return finiteOrNull(r);
}

/** strtold's ERANGE cases that string2ld rejects: overflow to infinity, underflow to zero. */
function finiteOrNull(r: LongDouble): LongDouble | null {
  if (r.special !== undefined) return null;
  if (r.mant === 0n) return null; // only reached from a non-zero input
  return r;
}

/** Hex float after "0x"; undefined when there is no hex digit (not a hex float at all). */
function parseHex(s: string, i: number, neg: boolean): LongDouble | null | undefined {
  const n = s.length;
  let any = false;
  let fracDigits = 0;
  let seenDot = false;
  let hexDigits = '';
  for (; i < n; i++) {
    const ch = s.charCodeAt(i);
    if (ch === 46 && !seenDot) {
      seenDot = true;
      continue;
    }
    if (hexValue(ch) < 0) break;
    any = true;
    hexDigits += s[i];
    if (seenDot) fracDigits++;
  }
  if (!any) return undefined;
  let exp2 = 0;
  if (i < n && (s.charCodeAt(i) | 0x20) === 112 /* p */) {
    const ex = parseExponent(s, i + 1);
    if (ex !== null) {
      exp2 = ex[0];
      i = ex[1];
    }
  }
  if (i !== n) return null;
  const m = BigInt('0x' + hexDigits);
  if (m === 0n) return zero(neg);
  const e = exp2 - 4 * fracDigits;
  const top = e + bitLength(m) - 1;
  if (top > MAX_TOP_EXP + 1) return null;
  if (top < MIN_LSB_EXP - 2) return null;
  return finiteOrNull(roundExtended(neg, m, e));
}

/** a + b in extended precision (IEEE rules for zeros, infinities and NaN). */
export function addLongDouble(a: LongDouble, b: LongDouble): LongDouble {
  if (a.special === 'nan' || b.special === 'nan') return NAN;
  if (a.special === 'inf') return b.special === 'inf' && b.neg !== a.neg ? NAN : a;
  if (b.special === 'inf') return b;
  if (a.mant === 0n) return b.mant === 0n ? zero(a.neg && b.neg) : b;
  if (b.mant === 0n) return a;
  const e = Math.min(a.exp, b.exp);
  const ma = a.mant << BigInt(a.exp - e);
  const mb = b.mant << BigInt(b.exp - e);
  const sum = (a.neg ? -ma : ma) + (b.neg ? -mb : mb);
  // x + (-x) is +0 when rounding to nearest.
  if (sum === 0n) return zero(false);
  return sum < 0n ? roundExtended(true, -sum, e) : roundExtended(false, sum, e);
}

/** True unless the value is an infinity or NaN. */
export function isFiniteLongDouble(v: LongDouble): boolean {
  return v.special === undefined;
}

const SCALE17 = 10n ** 17n;

/**
 * Redis's human-friendly long double text (ld2string LD_STR_HUMAN): "%.17Lf" with trailing zeros
 * and a trailing '.' removed, and "-0" printed as "0". Never exponent notation. Finite values only.
 */
export function formatLongDouble(v: LongDouble): string {
  let text: string;
  if (v.exp >= 0) {
    text = (v.mant << BigInt(v.exp)).toString();
  } else {
    const k = BigInt(-v.exp);
    const num = v.mant * SCALE17;
    let q = num >> k;
    const rem = num - (q << k);
    const half = 1n << (k - 1n);
    if (rem > half || (rem === half && (q & 1n) === 1n)) q++;
    const ip = (q / SCALE17).toString();
    const frac = (q % SCALE17).toString().padStart(17, '0');
    let end = 17;
    while (end > 0 && frac.charCodeAt(end - 1) === 48) end--;
    text = end === 0 ? ip : ip + '.' + frac.slice(0, end);
  }
  if (v.neg) text = text === '0' ? '0' : '-' + text;
  return text;
}

/** Outcome codes of incrLongDoubleString besides the new text. */
export const NOT_A_FLOAT = 0;
export const NAN_OR_INFINITY = 1;

/**
 * INCRBYFLOAT's arithmetic on texts: parses `current` then `increment` (string2ld), adds them and
 * formats the sum. Returns the new text, NOT_A_FLOAT ("value is not a valid float") or
 * NAN_OR_INFINITY ("increment would produce NaN or Infinity").
 */
export function incrLongDoubleString(current: string, increment: string): string | typeof NOT_A_FLOAT | typeof NAN_OR_INFINITY {
  // Fast path: integers of up to 15 digits add exactly in a double and print as integers.
  const ci = smallInteger(current);
  if (ci !== undefined) {
    const ii = smallInteger(increment);
    if (ii !== undefined) return String(ci + ii);
  }
  const a = parseLongDouble(current);
  if (a === null) return NOT_A_FLOAT;
  const b = parseLongDouble(increment);
  if (b === null) return NOT_A_FLOAT;
  const sum = addLongDouble(a, b);
  if (sum.special !== undefined) return NAN_OR_INFINITY;
  return formatLongDouble(sum);
}

/** An optionally signed run of 1-15 decimal digits (strtold accepts '+' and leading zeros). */
function smallInteger(s: string): number | undefined {
  const n = s.length;
  let i = 0;
  if (n === 0) return undefined;
  const c0 = s.charCodeAt(0);
  if (c0 === 43 || c0 === 45) i = 1;
  if (n - i === 0 || n - i > 15) return undefined;
  for (let k = i; k < n; k++) if (!isDigit(s.charCodeAt(k))) return undefined;
  return Number(s);
}

const INT64_MIN_BIG = -9223372036854775808n;
const INT64_MAX_BIG = 9223372036854775807n;

/**
 * C's `(long long) ceill(v * k)` for a non-negative integer `k` (blocking timeouts: seconds to
 * milliseconds): the product is rounded to the extended format as the x87 does, then rounded up.
 * Infinities and results outside int64 convert to INT64_MIN, as x86's conversion does.
 */
export function ceilScaledToInt64(v: LongDouble, k: number): bigint {
  if (v.special !== undefined) return INT64_MIN_BIG;
  const p = roundExtended(v.neg, v.mant * BigInt(k), v.exp);
  if (p.special !== undefined) return INT64_MIN_BIG;
  let mag: bigint;
  if (p.exp >= 0) {
    mag = p.mant << BigInt(p.exp);
  } else {
    const sh = BigInt(-p.exp);
    mag = p.mant >> sh;
    // Rounding up moves a positive value away from zero and a negative one towards it.
    if (!p.neg && mag << sh !== p.mant) mag++;
  }
  const r = p.neg ? -mag : mag;
  return r > INT64_MAX_BIG || r < INT64_MIN_BIG ? INT64_MIN_BIG : r;
}
