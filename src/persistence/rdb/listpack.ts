/**
 * Listpacks (Redis 7.0's compact encoding of small hashes, sorted sets, list nodes and stream
 * nodes): decoding with full structural validation, and encoding.
 *
 * Layout: total bytes (u32 LE), element count (u16 LE, 65535 = "count it"), entries, 0xFF.
 * An entry is an encoding byte (with the length or small integer), the data, then "backlen",
 * the entry's size written as a reversed base-128 varint so the list can be walked backwards.
 */
import { RdbError } from './errors.js';
import { sliceShortBytes } from '../../util/bytes.js';
import { lpAsInteger, lpBacklenSize, lpIntEncodedSize, lpStringEncodedSize } from '../../types/listpack-size.js';

const HEADER = 6;
const EOF_BYTE = 0xff;

/** Throws the integrity error for the byte at `at` of a blob that starts at `base` in the input. */
function corrupt(what: string, base: number, at: number): never {
  throw new RdbError(`${what} integrity check failed.`, base + at);
}

/** Listpack integer entries 0..127 (one byte) as decimal strings, made once. */
const SMALL_INTS: readonly string[] = Array.from({ length: 128 }, (_, i) => String(i));

/**
 * Decodes every element of the listpack in `buf` as a latin1 string (integers in decimal).
 * Throws RdbError (offset relative to `base`, the blob's position in the input) if the
 * structure is inconsistent in any way: sizes, entry bounds, backlens, element count.
 */
export function decodeListpack(buf: Uint8Array, base = 0, what = 'Listpack'): string[] {
  const b = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.length);
  return decodeListpackSpan(b, 0, b.length, base, what);
}

/**
 * decodeListpack of the bytes b[from, to) without copying them out first (loading reads
 * listpacks in place in the file's buffer; error offsets stay relative to `from`).
 */
export function decodeListpackSpan(b: Buffer, from: number, to: number, base = 0, what = 'Listpack'): string[] {
  return scannedStrings(b, scanListpack(b, from, to, base, what));
}

/** The first `n` entries of the last scan of `b`, as strings. */
export function scannedStrings(b: Buffer, n: number): string[] {
  const out: string[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = scannedString(b, i);
  return out;
}

/**
 * The entries of the last scanListpack, by index: `len[i] >= 0` is a string of that many bytes
 * at `start[i]` in the scanned buffer; -1 an integer whose exact value is `int[i]`; -2 a 64-bit
 * integer beyond 2^53 stored at `start[i]` (read it as a BigInt). Reused by every scan, so no
 * array or string is made per entry: callers read what they need before scanning again.
 */
export const scanned = {
  start: new Int32Array(256),
  len: new Int32Array(256),
  int: new Float64Array(256),
};

/** `scanned.len` of an integer held exactly in `scanned.int`. */
export const LP_NUMBER = -1;
const NUMBER = LP_NUMBER;
/** `scanned.len` of a 64-bit integer beyond 2^53, at `scanned.start` in the buffer. */
const STRING_INT64 = -2;

/** Doubles the capacity of `scanned`, keeping its contents. */
function growScanned(): void {
  const { start, len, int } = scanned;
  scanned.start = new Int32Array(start.length * 2);
  scanned.start.set(start);
  scanned.len = new Int32Array(len.length * 2);
  scanned.len.set(len);
  scanned.int = new Float64Array(int.length * 2);
  scanned.int.set(int);
}

function record(i: number, start: number, len: number, int: number): void {
  if (i === scanned.start.length) growScanned();
  scanned.start[i] = start;
  scanned.len[i] = len;
  scanned.int[i] = int;
}

/**
 * Validates the listpack in b[from, to) and records its entries in `scanned`; returns their
 * number. Throws RdbError (offset relative to `base`, the blob's position in the input) if the
 * structure is inconsistent in any way: sizes, entry bounds, backlens, element count.
 */
export function scanListpack(b: Buffer, from: number, to: number, base = 0, what = 'Listpack'): number {
  const size = to - from;
  if (size < HEADER + 1) corrupt(what, base, 0);
  const total = (b[from] | (b[from + 1] << 8) | (b[from + 2] << 16) | (b[from + 3] << 24)) >>> 0;
  const declared = b[from + 4] | (b[from + 5] << 8);
  if (total !== size || b[to - 1] !== EOF_BYTE) corrupt(what, base, 0);
  let count = 0;
  let p = from + HEADER;
  const end = to - 1;
  while (p < end) {
    const start = p;
    const e = b[p];
    if (e < 0x80) {
      record(count, 0, NUMBER, e);
      p += 1;
    } else if ((e & 0xc0) === 0x80) {
      const n = e & 0x3f;
      if (p + 1 + n > end) corrupt(what, base, start - from);
      record(count, p + 1, n, 0);
      p += 1 + n;
    } else if ((e & 0xe0) === 0xc0) {
      if (p + 2 > end) corrupt(what, base, start - from);
      let v = ((e & 0x1f) << 8) | b[p + 1];
      if (v >= 1 << 12) v -= 1 << 13;
      record(count, 0, NUMBER, v);
      p += 2;
    } else if ((e & 0xf0) === 0xe0) {
      if (p + 2 > end) corrupt(what, base, start - from);
      const n = ((e & 0x0f) << 8) | b[p + 1];
      if (p + 2 + n > end) corrupt(what, base, start - from);
      record(count, p + 2, n, 0);
      p += 2 + n;
    } else if (e === 0xf0) {
      if (p + 5 > end) corrupt(what, base, start - from);
      const n = b.readUInt32LE(p + 1);
      if (n > end - p - 5) corrupt(what, base, start - from);
      record(count, p + 5, n, 0);
      p += 5 + n;
    } else if (e === 0xf1) {
      if (p + 3 > end) corrupt(what, base, start - from);
      record(count, 0, NUMBER, b.readInt16LE(p + 1));
      p += 3;
    } else if (e === 0xf2) {
      if (p + 4 > end) corrupt(what, base, start - from);
      record(count, 0, NUMBER, b.readIntLE(p + 1, 3));
      p += 4;
    } else if (e === 0xf3) {
      if (p + 5 > end) corrupt(what, base, start - from);
      record(count, 0, NUMBER, b.readInt32LE(p + 1));
      p += 5;
    } else if (e === 0xf4) {
      if (p + 9 > end) corrupt(what, base, start - from);
      // Two halves, no BigInt unless the value is beyond 2^53 (hi * 2^32 is exact, so the sum
      // is exact whenever the true value is safe, and unsafe otherwise).
      const v = b.readInt32LE(p + 5) * 0x100000000 + b.readUInt32LE(p + 1);
      if (Number.isSafeInteger(v)) record(count, 0, NUMBER, v);
      else record(count, p + 1, STRING_INT64, 0);
      p += 9;
    } else {
      return corrupt(what, base, start - from);
    }
    // backlen: the entry size, most significant group first, continuation bit on all but the
    // first byte (so reading right to left stops at the byte without it).
    const entryLen = p - start;
    if (entryLen <= 127) {
      // The common case: a one-byte backlen equal to the size.
      if (p >= end) corrupt(what, base, start - from);
      if (b[p] !== entryLen) corrupt(what, base, p - from);
      p += 1;
    } else {
      const bl = lpBacklenSize(entryLen);
      if (p + bl > end) corrupt(what, base, start - from);
      let got = 0;
      for (let k = 0; k < bl; k++) {
        const byte = b[p + k];
        if ((k === 0) !== (byte < 0x80)) corrupt(what, base, p + k - from);
        got = got * 128 + (byte & 0x7f);
      }
      if (got !== entryLen) corrupt(what, base, p - from);
      p += bl;
    }
    count++;
  }
  if (declared !== 0xffff && declared !== count) corrupt(what, base, 4);
  return count;
}

/** Entry `i` of the last scan of `b`, as a latin1 string (integers in decimal). */
export function scannedString(b: Buffer, i: number): string {
  const len = scanned.len[i];
  if (len >= 0) {
    const s = scanned.start[i];
    return sliceShortBytes(b, s, s + len);
  }
  if (len === NUMBER) {
    const v = scanned.int[i];
    return v >= 0 && v < 128 ? SMALL_INTS[v] : String(v);
  }
  return b.readBigInt64LE(scanned.start[i]).toString();
}

/** Encodes `elements` as a listpack, storing integer-looking elements as integers like Redis. */
export function encodeListpack(elements: readonly string[]): Buffer {
  const ints: (number | bigint | null)[] = new Array(elements.length);
  let total = HEADER + 1;
  for (let i = 0; i < elements.length; i++) {
    const iv = lpAsInteger(elements[i]);
    ints[i] = iv;
    const sz = iv !== null ? lpIntEncodedSize(iv) : lpStringEncodedSize(elements[i].length);
    total += sz + lpBacklenSize(sz);
  }
  const b = Buffer.allocUnsafe(total);
  b.writeUInt32LE(total, 0);
  b.writeUInt16LE(Math.min(elements.length, 0xffff), 4);
  let p = HEADER;
  for (let i = 0; i < elements.length; i++) {
    const start = p;
    const iv = ints[i];
    if (iv === null) {
      const s = elements[i];
      const n = s.length;
      if (n < 64) {
        b[p++] = 0x80 | n;
      } else if (n < 4096) {
        b[p++] = 0xe0 | (n >>> 8);
        b[p++] = n & 0xff;
      } else {
        b[p++] = 0xf0;
        b.writeUInt32LE(n, p);
        p += 4;
      }
      p += b.write(s, p, n, 'latin1');
    } else if (typeof iv === 'bigint') {
      b[p++] = 0xf4;
      b.writeBigInt64LE(iv, p);
      p += 8;
    } else if (iv >= 0 && iv <= 127) {
      b[p++] = iv;
    } else if (iv >= -4096 && iv <= 4095) {
      const u = iv < 0 ? iv + 8192 : iv;
      b[p++] = 0xc0 | (u >>> 8);
      b[p++] = u & 0xff;
    } else if (iv >= -32768 && iv <= 32767) {
      b[p++] = 0xf1;
      b.writeInt16LE(iv, p);
      p += 2;
    } else if (iv >= -8388608 && iv <= 8388607) {
      b[p++] = 0xf2;
      b.writeIntLE(iv, p, 3);
      p += 3;
    } else if (iv >= -2147483648 && iv <= 2147483647) {
      b[p++] = 0xf3;
      b.writeInt32LE(iv, p);
      p += 4;
    } else {
      b[p++] = 0xf4;
      b.writeBigInt64LE(BigInt(iv), p);
      p += 8;
    }
    p = writeBacklen(b, p, p - start);
  }
  b[p++] = EOF_BYTE;
  return b;
}

function writeBacklen(b: Buffer, p: number, n: number): number {
  const bl = lpBacklenSize(n);
  for (let k = bl - 1; k >= 0; k--) {
    const group = Math.floor(n / 128 ** k) & 0x7f;
    b[p++] = k === bl - 1 ? group : group | 0x80;
  }
  return p;
}
