/**
 * Zipmaps: the small-hash encoding of Redis before 2.6, still loadable from RDB files.
 * Layout: a count byte (254+ = unknown), then per pair: key length, key, value length, a
 * "free" byte, value, free padding bytes; 0xFF ends it. A length is one byte below 254, or
 * 254 followed by a u32 LE.
 */
import { RdbError } from './errors.js';

export function decodeZipmap(buf: Uint8Array, base = 0): string[] {
  const fail = (at: number): never => {
    throw new RdbError('Zipmap integrity check failed.', base + at);
  };
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.length);
  const size = b.length;
  if (size < 2) fail(0);
  const declared = b[0];
  const out: string[] = [];
  let p = 1;
  const readLen = (): number => {
    if (p >= size) fail(p);
    const first = b[p];
    if (first < 254) {
      p += 1;
      return first;
    }
    if (first === 255) return -1;
    if (p + 5 > size) fail(p);
    const n = b.readUInt32LE(p + 1);
    p += 5;
    return n;
  };
  for (;;) {
    const klen = readLen();
    if (klen < 0) break;
    if (p + klen > size) fail(p);
    const key = b.toString('latin1', p, p + klen);
    p += klen;
    const vlen = readLen();
    if (vlen < 0) fail(p);
    if (p >= size) fail(p);
    const free = b[p++];
    if (p + vlen + free > size) fail(p);
    const value = b.toString('latin1', p, p + vlen);
    p += vlen + free;
    out.push(key, value);
  }
  if (p !== size - 1) fail(p);
  if (declared < 254 && declared !== out.length / 2) fail(0);
  return out;
}
