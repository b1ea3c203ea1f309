/**
 * Intsets (sets of integers): encoding width (u32 LE: 2, 4 or 8 bytes), count (u32 LE), then
 * the members sorted ascending, little-endian. Decoded with validation; encoded with the
 * narrowest width that holds every member, as Redis does.
 */
import { RdbError } from './errors.js';

export function decodeIntset(buf: Uint8Array, base = 0): string[] {
  const b = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.length);
  return decodeIntsetSpan(b, 0, b.length, base);
}

function corrupt(base: number, at: number): never {
  throw new RdbError('Intset integrity check failed.', base + at);
}

/** decodeIntset of the bytes b[from, to) in place (error offsets relative to `from`). */
export function decodeIntsetSpan(b: Buffer, from: number, to: number, base = 0): string[] {
  checkIntsetSpan(b, from, to, base);
  const width = b.readUInt32LE(from);
  const count = (to - from - 8) / width;
  const out: string[] = new Array(count);
  for (let i = 0, p = from + 8; i < count; i++, p += width) {
    out[i] = (width === 2 ? b.readInt16LE(p) : width === 4 ? b.readInt32LE(p) : b.readBigInt64LE(p)).toString();
  }
  return out;
}

/**
 * Validates the intset in b[from, to) (throwing decodeIntsetSpan's errors); returns the
 * narrowest element width that holds every member (Redis never narrows an intset, so a file may
 * hold a wider one).
 */
export function checkIntsetSpan(b: Buffer, from: number, to: number, base = 0): 2 | 4 | 8 {
  if (to - from < 8) corrupt(base, 0);
  const width = b.readUInt32LE(from);
  const count = b.readUInt32LE(from + 4);
  if (width !== 2 && width !== 4 && width !== 8) corrupt(base, 0);
  if (count === 0 || 8 + count * width !== to - from) corrupt(base, 4);
  // Members must be strictly ascending (Redis checks this with sanitize-dump-payload; Sonic
  // always does, since its sets rely on there being no duplicates).
  if (width === 8) {
    let prev = b.readBigInt64LE(from + 8);
    for (let p = from + 16; p < to; p += 8) {
      const v = b.readBigInt64LE(p);
      if (!(v > prev)) corrupt(base, p - from);
      prev = v;
    }
    const lo = b.readBigInt64LE(from + 8);
    return lo < -2147483648n || prev > 2147483647n ? 8 : lo < -32768n || prev > 32767n ? 4 : 2;
  }
  let prev = width === 2 ? b.readInt16LE(from + 8) : b.readInt32LE(from + 8);
  for (let p = from + 8 + width; p < to; p += width) {
    const v = width === 2 ? b.readInt16LE(p) : b.readInt32LE(p);
    if (!(v > prev)) corrupt(base, p - from);
    prev = v;
  }
  const lo = width === 2 ? b.readInt16LE(from + 8) : b.readInt32LE(from + 8);
  return lo < -32768 || prev > 32767 ? 4 : 2;
}

/** Encodes integer members (decimal strings within int64) as an intset blob. */
export function encodeIntset(members: readonly string[]): Buffer {
  const vals = members.map((m) => BigInt(m)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  let width = 2;
  for (const v of vals) {
    if (v < -2147483648n || v > 2147483647n) {
      width = 8;
      break;
    }
    if (v < -32768n || v > 32767n) width = 4;
  }
  const b = Buffer.allocUnsafe(8 + vals.length * width);
  b.writeUInt32LE(width, 0);
  b.writeUInt32LE(vals.length, 4);
  let p = 8;
  for (const v of vals) {
    if (width === 2) b.writeInt16LE(Number(v), p);
    else if (width === 4) b.writeInt32LE(Number(v), p);
    else b.writeBigInt64LE(v, p);
    p += width;
  }
  return b;
}
