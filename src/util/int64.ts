/**
 * Signed 64-bit integers with Redis's exact rules (util.c string2ll / ll2string).
 *
 * A parsed integer is a `number` whenever it is a safe integer (|v| <= 2^53 - 1), which covers
 * almost every counter in practice and keeps the hot path free of BigInt; values beyond that are
 * returned as `bigint`, so nothing past 2^53 ever loses precision.
 */

/** A signed 64-bit integer: a safe-integer `number`, or a `bigint` outside the safe range. */
export type Int64 = number | bigint;

export const INT64_MAX = 9223372036854775807n;
export const INT64_MIN = -9223372036854775808n;

/**
 * Parses `s` the way Redis's string2ll does: an optional '-', then either a lone "0" or a digit
 * 1-9 followed by digits; no '+', no spaces, no leading zeros, no "-0", at most 20 bytes, and
 * within [INT64_MIN, INT64_MAX]. Returns null when `s` is not such an integer.
 */
export function parseInt64(s: string): Int64 | null {
  const n = s.length;
  // Redis rejects 21 bytes or more before looking at them (LONG_STR_SIZE).
  if (n === 0 || n > 20) return null;
  let i = 0;
  let neg = false;
  let c = s.charCodeAt(0);
  if (c === 45 /* - */) {
    if (n === 1) return null;
    neg = true;
    i = 1;
    c = s.charCodeAt(1);
  } else if (c === 48 /* 0 */) {
    return n === 1 ? 0 : null;
  }
  if (c < 49 || c > 57) return null;
  // Up to 15 digits always fit a safe integer: accumulate in a plain number.
  let v = c - 48;
  const fastEnd = n - i <= 15 ? n : i + 15;
  for (i++; i < fastEnd; i++) {
    c = s.charCodeAt(i);
    if (c < 48 || c > 57) return null;
    v = v * 10 + (c - 48);
  }
  if (i === n) return neg ? -v : v;
  // 16 to 19 digits: validate the rest, then finish exactly.
  for (let j = i; j < n; j++) {
    c = s.charCodeAt(j);
    if (c < 48 || c > 57) return null;
  }
  const big = BigInt(s);
  if (big > INT64_MAX || big < INT64_MIN) return null;
  return normalize(big);
}

/**
 * The value of `s` when it is 1 to 15 ASCII digits (leading zeros allowed: callers with stricter
 * rules check them), else -1. Such values are always safe integers: a fast path for parsers.
 */
export function shortDigits(s: string): number {
  const n = s.length;
  if (n === 0 || n > 15) return -1;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    v = v * 10 + (c - 48);
  }
  return v;
}

/** A bigint in int64 range as an Int64 (a number when it is safe). */
export function normalize(v: bigint): Int64 {
  return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
}

/**
 * a + b with Redis's overflow rule for INCR/INCRBY/DECRBY; null when the sum leaves the signed
 * 64-bit range.
 */
export function addInt64(a: Int64, b: Int64): Int64 | null {
  if (typeof a === 'number' && typeof b === 'number') {
    const s = a + b;
    // Both inputs are safe integers, so |s| < 2^54: exact whenever it is itself safe.
    if (Number.isSafeInteger(s)) return s;
  }
  const s = BigInt(a) + BigInt(b);
  if (s > INT64_MAX || s < INT64_MIN) return null;
  return normalize(s);
}

/** The canonical decimal text of an Int64 (Redis's ll2string). */
export function int64ToString(v: Int64): string {
  return typeof v === 'number' ? String(v) : v.toString();
}

/** An Int64 as a bigint. */
export function toBigInt(v: Int64): bigint {
  return typeof v === 'bigint' ? v : BigInt(v);
}

/** True when `s` is exactly the canonical text of some signed 64-bit integer (OBJECT ENCODING int). */
export function isInt64String(s: string): boolean {
  return parseInt64(s) !== null;
}
