/**
 * Ziplists (the compact encoding before Redis 7.0: list nodes, small hashes and sorted sets in
 * RDB 6 files), decoded with full structural validation. Sonic never writes them.
 *
 * Layout: total bytes (u32 LE), offset of the last entry (u32 LE), count (u16 LE, 65535 =
 * "count it"), entries, 0xFF. An entry is the previous entry's size (1 byte, or 0xFE + u32 LE),
 * an encoding (string length or integer kind), then the data.
 */
import { RdbError } from './errors.js';

const HEADER = 10;

export function decodeZiplist(buf: Uint8Array, base = 0, what = 'Ziplist'): string[] {
  const fail = (at: number): never => {
    throw new RdbError(`${what} integrity check failed.`, base + at);
  };
  const size = buf.length;
  if (size < HEADER + 1) fail(0);
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.length);
  const total = b.readUInt32LE(0);
  const tail = b.readUInt32LE(4);
  const declared = b.readUInt16LE(8);
  const end = size - 1;
  if (total !== size || b[end] !== 0xff || tail > end) fail(0);
  const out: string[] = [];
  let p = HEADER;
  let prevSize = 0;
  let last = HEADER;
  while (p < end) {
    const start = p;
    let prev = b[p];
    if (prev === 0xfe) {
      if (p + 5 > end) fail(start);
      prev = b.readUInt32LE(p + 1);
      p += 5;
    } else if (prev === 0xff) {
      fail(start);
    } else {
      p += 1;
    }
    if (prev !== prevSize) fail(start);
    if (p >= end) fail(start);
    const e = b[p];
    const kind = e >> 6;
    let value: string;
    if (kind === 0) {
      const n = e & 0x3f;
      if (p + 1 + n > end) fail(start);
      value = b.toString('latin1', p + 1, p + 1 + n);
      p += 1 + n;
    } else if (kind === 1) {
      if (p + 2 > end) fail(start);
      const n = ((e & 0x3f) << 8) | b[p + 1];
      if (p + 2 + n > end) fail(start);
      value = b.toString('latin1', p + 2, p + 2 + n);
      p += 2 + n;
    } else if (kind === 2) {
      if (e !== 0x80 || p + 5 > end) fail(start);
      const n = b.readUInt32BE(p + 1);
      if (n > end - p - 5) fail(start);
      value = b.toString('latin1', p + 5, p + 5 + n);
      p += 5 + n;
    } else if (e === 0xc0) {
      if (p + 3 > end) fail(start);
      value = String(b.readInt16LE(p + 1));
      p += 3;
    } else if (e === 0xd0) {
      if (p + 5 > end) fail(start);
      value = String(b.readInt32LE(p + 1));
      p += 5;
    } else if (e === 0xe0) {
      if (p + 9 > end) fail(start);
      value = b.readBigInt64LE(p + 1).toString();
      p += 9;
    } else if (e === 0xf0) {
      if (p + 4 > end) fail(start);
      value = String(b.readIntLE(p + 1, 3));
      p += 4;
    } else if (e === 0xfe) {
      if (p + 2 > end) fail(start);
      value = String(b.readInt8(p + 1));
      p += 2;
    } else if (e >= 0xf1 && e <= 0xfd) {
      value = String((e & 0x0f) - 1);
      p += 1;
    } else {
      return fail(start);
    }
    prevSize = p - start;
    last = start;
    out.push(value);
  }
  if (out.length > 0 && tail !== last) fail(4);
  if (out.length === 0 && tail !== HEADER) fail(4);
  if (declared !== 0xffff && declared !== out.length) fail(8);
  return out;
}
