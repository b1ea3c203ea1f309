/**
 * listpack.c's encoding rules for entry sizes: which elements are stored as integers (those
 * lpStringToInt64 accepts) and how many bytes each entry takes. The RDB codec encodes listpacks
 * with them (persistence/rdb/listpack.ts); the stream type keeps, per node, the byte size
 * Redis's listpack would have (types/stream.ts), because when Redis opens a new stream node
 * depends on it (stream-node-max-bytes) and node boundaries are observable.
 */
import { isInt64String } from '../util/int64.js';

/** Bytes of the encoding byte(s) and data of an integer entry holding `v`. */
export function lpIntEncodedSize(v: number | bigint): number {
  if (typeof v === 'bigint') {
    if (v >= -2147483648n && v <= 2147483647n) return lpIntEncodedSize(Number(v));
    return 9;
  }
  if (v >= 0 && v <= 127) return 1;
  if (v >= -4096 && v <= 4095) return 2;
  if (v >= -32768 && v <= 32767) return 3;
  if (v >= -8388608 && v <= 8388607) return 4;
  if (v >= -2147483648 && v <= 2147483647) return 5;
  return 9;
}

/** Bytes of the encoding byte(s) and data of a string entry of `n` bytes. */
export function lpStringEncodedSize(n: number): number {
  return n < 64 ? 1 + n : n < 4096 ? 2 + n : 5 + n;
}

/** Bytes of the backlen field of an entry whose encoding + data take `n` bytes. */
export function lpBacklenSize(n: number): number {
  return n <= 127 ? 1 : n < 16383 ? 2 : n < 2097151 ? 3 : n < 268435455 ? 4 : 5;
}

/** The integer an element is stored as (lpStringToInt64 rules), or null for a string entry. */
export function lpAsInteger(s: string): number | bigint | null {
  const n = s.length;
  if (n === 0 || n > 20) return null;
  const c0 = s.charCodeAt(0);
  if (c0 !== 45 && (c0 < 48 || c0 > 57)) return null;
  if (!isInt64String(s)) return null;
  if (n <= 15) return Number(s);
  const big = BigInt(s);
  return big >= -9007199254740991n && big <= 9007199254740991n ? Number(big) : big;
}

/** Bytes of a whole integer entry (encoding, data, backlen). */
export function lpIntSize(v: number | bigint): number {
  // Integer entries are at most 9 bytes: their backlen is 1 byte.
  return lpIntEncodedSize(v) + 1;
}

/** Bytes of the whole entry for element `s` (an integer entry when it reads as one). */
export function lpStringSize(s: string): number {
  const iv = lpAsInteger(s);
  if (iv !== null) return lpIntSize(iv);
  const enc = lpStringEncodedSize(s.length);
  return enc + lpBacklenSize(enc);
}

/** Header (total bytes + element count) and end byte of every listpack. */
export const LP_OVERHEAD = 7;
