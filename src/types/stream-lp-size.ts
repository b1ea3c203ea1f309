/**
 * Sizes of the listpack Redis would build for a stream node. Sonic stores entries in its own
 * packed form (types/stream-block.ts), but when Redis opens a new node depends on its listpack's
 * byte size (stream-node-max-bytes), and node boundaries are observable (XINFO radix-tree-keys,
 * what XTRIM ~ removes). So each block keeps the byte count Redis's listpack would have, computed
 * with listpack.c's encoding rules: integer-looking strings are stored as integers.
 */
import { isInt64String } from '../util/int64.js';

/** Bytes of a listpack integer entry holding `v` (encoding + backlen). */
export function lpIntSize(v: number | bigint): number {
  if (typeof v === 'bigint') {
    if (v >= -2147483648n && v <= 2147483647n) return lpIntSize(Number(v));
    return 10;
  }
  if (v >= 0 && v <= 127) return 2;
  if (v >= -4096 && v <= 4095) return 3;
  if (v >= -32768 && v <= 32767) return 4;
  if (v >= -8388608 && v <= 8388607) return 5;
  if (v >= -2147483648 && v <= 2147483647) return 6;
  return 10;
}

/** Bytes of the backlen field of an entry whose encoding + data take `n` bytes. */
function backlenSize(n: number): number {
  return n <= 127 ? 1 : n < 16383 ? 2 : n < 2097151 ? 3 : n < 268435455 ? 4 : 5;
}

/** Bytes of the listpack entry for element `s` (an integer entry when it reads as one). */
export function lpStringSize(s: string): number {
  const n = s.length;
  // Quick reject: integers start with a digit or '-' and are at most 20 bytes.
  if (n > 0 && n <= 20) {
    const c = s.charCodeAt(0);
    if (((c >= 48 && c <= 57) || c === 45) && isInt64String(s)) return lpIntSize(n <= 15 ? Number(s) : BigInt(s));
  }
  const enc = n < 64 ? 1 + n : n < 4096 ? 2 + n : 5 + n;
  return enc + backlenSize(enc);
}

/** Header (total bytes + element count) and end byte of every listpack. */
export const LP_OVERHEAD = 7;
