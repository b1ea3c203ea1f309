/**
 * Intsets: the compact encoding of small all-integer sets (Redis's intset), as pure functions
 * over one latin1 JS string.
 *
 * Layout: char 0 is the element width in bytes (2, 4 or 8), then the elements, sorted ascending
 * as signed integers, each `width` chars little-endian (two's complement). One flat string per
 * set costs one heap object and 2-8 bytes per element, far below an array or a typed array
 * (measured: ~35 bytes for a 5-element set vs ~90 for an exact-size JS array and ~220 for an
 * Int16Array, whose buffer objects dominate). Like Redis, the width grows to fit the largest
 * magnitude added and never shrinks; lookups are binary searches, edits build a new string
 * (O(n), n bounded by set-max-intset-entries as Redis bounds its memmove).
 *
 * Values are Int64s (util/int64.ts): numbers while safe, bigints beyond 2^53, never rounded.
 * 8-byte elements are compared as (high signed 32 bits, low unsigned 32 bits) pairs, so searches
 * never allocate BigInts.
 */
import type { Int64 } from '../util/int64.js';
import { copyBytes, scratchBuffer, sliceShortBytes } from '../util/bytes.js';

export type IntsetWidth = 2 | 4 | 8;

const TWO32 = 4294967296;

/** An empty intset (width 2, as Redis starts). */
export const EMPTY_INTSET = '\u0002';

/** Element width of `p`. */
export function intsetWidth(p: string): IntsetWidth {
  return p.charCodeAt(0) as IntsetWidth;
}

/** Number of elements. */
export function intsetLength(p: string): number {
  return (p.length - 1) / p.charCodeAt(0);
}

/** The smallest width that holds `v` (Redis's _intsetValueEncoding). */
export function widthFor(v: Int64): IntsetWidth {
  if (typeof v === 'bigint') return 8;
  if (v >= -32768 && v <= 32767) return 2;
  if (v >= -2147483648 && v <= 2147483647) return 4;
  return 8;
}

/** High (signed) and low (unsigned) 32-bit halves of a 64-bit value. */
function hiOf(v: Int64): number {
  return typeof v === 'bigint' ? Number(v >> 32n) : Math.floor(v / TWO32);
}
function loOf(v: Int64, hi: number): number {
  return typeof v === 'bigint' ? Number(v & 0xffffffffn) : v - hi * TWO32;
}

/** Reads the 32-bit little-endian word at char offset `o` (unsigned). */
function u32(p: string, o: number): number {
  return (p.charCodeAt(o) | (p.charCodeAt(o + 1) << 8) | (p.charCodeAt(o + 2) << 16) | (p.charCodeAt(o + 3) << 24)) >>> 0;
}

/** Element `i` (0-based; must be in range). */
export function intsetGet(p: string, i: number): Int64 {
  const w = p.charCodeAt(0);
  const o = 1 + i * w;
  if (w === 2) return ((p.charCodeAt(o) | (p.charCodeAt(o + 1) << 8)) << 16) >> 16;
  if (w === 4) return u32(p, o) | 0;
  const lo = u32(p, o);
  const hi = u32(p, o + 4) | 0;
  const v = hi * TWO32 + lo;
  // Exact whenever the true value is safe; otherwise the rounded value is not safe either.
  if (Number.isSafeInteger(v)) return v;
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/** Element `i` as its canonical decimal text (what replies carry). */
export function intsetGetString(p: string, i: number): string {
  const v = intsetGet(p, i);
  return typeof v === 'number' ? '' + v : v.toString();
}

/** The `w` chars encoding `v` little-endian (v must fit `w`). */
function encodeValue(v: Int64, w: IntsetWidth): string {
  if (w === 2) {
    const x = v as number;
    return String.fromCharCode(x & 255, (x >> 8) & 255);
  }
  if (w === 4) {
    const x = v as number;
    return String.fromCharCode(x & 255, (x >>> 8) & 255, (x >>> 16) & 255, (x >>> 24) & 255);
  }
  const hi = hiOf(v);
  const lo = loOf(v, hi);
  return String.fromCharCode(
    lo & 255, (lo >>> 8) & 255, (lo >>> 16) & 255, (lo >>> 24) & 255,
    hi & 255, (hi >>> 8) & 255, (hi >>> 16) & 255, (hi >>> 24) & 255,
  );
}

/**
 * Binary search for `v`: its index if present, else -(insertion point) - 1. `v` must fit the
 * width of `p` (callers check widthFor first: a wider value is absent).
 */
function search(p: string, v: Int64): number {
  const w = p.charCodeAt(0);
  let lo = 0;
  let hi = (p.length - 1) / w - 1;
  if (w !== 8) {
    const x = v as number;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const e = intsetGet(p, mid) as number;
      if (e < x) lo = mid + 1;
      else if (e > x) hi = mid - 1;
      else return mid;
    }
    return -lo - 1;
  }
  const vh = hiOf(v);
  const vl = loOf(v, vh);
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const o = 1 + mid * 8;
    const eh = u32(p, o + 4) | 0;
    let cmp = eh - vh;
    if (cmp === 0) cmp = u32(p, o) - vl;
    if (cmp < 0) lo = mid + 1;
    else if (cmp > 0) hi = mid - 1;
    else return mid;
  }
  return -lo - 1;
}

/** True if `v` is in the set. */
export function intsetHas(p: string, v: Int64): boolean {
  if (widthFor(v) > p.charCodeAt(0)) return false;
  return search(p, v) >= 0;
}

/** Re-encodes every element of `p` at the larger width `w`. */
function upgrade(p: string, w: IntsetWidth): string {
  const n = intsetLength(p);
  let out = String.fromCharCode(w);
  for (let i = 0; i < n; i++) out += encodeValue(intsetGet(p, i), w);
  return out;
}

/** `p` with `v` added, or null when `v` is already a member. */
export function intsetAdd(p: string, v: Int64): string | null {
  const need = widthFor(v);
  if (need > p.charCodeAt(0)) {
    // A value needing a wider encoding lies beyond every element: it goes first or last.
    const up = upgrade(p, need);
    const enc = encodeValue(v, need);
    return v < 0 ? up[0] + enc + up.slice(1) : up + enc;
  }
  const at = search(p, v);
  if (at >= 0) return null;
  const w = p.charCodeAt(0) as IntsetWidth;
  const o = 1 + (-at - 1) * w;
  return p.slice(0, o) + encodeValue(v, w) + p.slice(o);
}

/** `p` without `v`, or null when `v` is not a member. */
export function intsetRemove(p: string, v: Int64): string | null {
  if (widthFor(v) > p.charCodeAt(0)) return null;
  const at = search(p, v);
  return at < 0 ? null : intsetRemoveAt(p, at);
}

/** `p` without element `i`. */
export function intsetRemoveAt(p: string, i: number): string {
  const w = p.charCodeAt(0);
  const o = 1 + i * w;
  return p.slice(0, o) + p.slice(o + w);
}

/**
 * The intset of `count` members stored little-endian, `width` bytes each, at src[from...] (an
 * RDB intset's body): they must be strictly ascending and `width` the narrowest that holds them
 * all (the caller checked), which is then exactly this module's layout after the width char.
 */
export function intsetFromLE(src: Uint8Array, from: number, count: number, width: IntsetWidth): string {
  const n = count * width;
  const buf = scratchBuffer(n + 1);
  buf[0] = width;
  copyBytes(src, from, n, buf, 1);
  return sliceShortBytes(buf, 0, n + 1);
}

/**
 * An intset holding `values` (any order, duplicates allowed), at the width of the widest one.
 */
export function intsetFrom(values: readonly Int64[]): string {
  // RDB intsets arrive sorted: sort only when they are not.
  let sorted = values;
  for (let i = 1; i < values.length; i++) {
    if (!(values[i - 1] < values[i])) {
      sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      break;
    }
  }
  let w: IntsetWidth = 2;
  for (const v of sorted) {
    const need = widthFor(v);
    if (need > w) w = need;
  }
  // Joined, not concatenated: `+=` would leave a rope of small strings in the stored value.
  const parts = [String.fromCharCode(w)];
  for (let i = 0; i < sorted.length; i++) {
    if (i > 0 && sorted[i] == sorted[i - 1]) continue;
    parts.push(encodeValue(sorted[i], w));
  }
  return parts.join('');
}
