/**
 * Byte strings. Sonic represents every key, value and argument as a JS string whose chars are
 * bytes 0..255 ("latin1"): binary-safe, one byte per char in V8's one-byte strings, hashable by
 * Map at native speed. Convert only at the edges: sockets, files, and user-facing text.
 */

interface FastLatin1 {
  latin1Slice(start: number, end: number): string;
  latin1Write(s: string, offset: number): number;
}

const proto = Buffer.prototype as unknown as Partial<FastLatin1>;
// Node's internal fast paths skip toString()'s argument normalisation; fall back if absent.
const hasFast = typeof proto.latin1Slice === 'function' && typeof proto.latin1Write === 'function';

/** The bytes buf[start, end) as a byte string. */
export const sliceBytes: (buf: Buffer, start: number, end: number) => string = hasFast
  ? (buf, start, end) => (buf as unknown as FastLatin1).latin1Slice(start, end)
  : (buf, start, end) => buf.toString('latin1', start, end);

const fcc = String.fromCharCode;

/**
 * The bytes buf[s, e) as a byte string, faster than sliceBytes for the short arguments that
 * dominate request traffic (command names, keys, small values): String.fromCharCode with the
 * bytes as arguments builds a flat one-byte string in JS, with no call into Node's C++ (measured
 * ~2x faster up to 16 bytes, including the hashing a Map lookup then does).
 */
export function sliceShortBytes(b: Buffer, s: number, e: number): string {
  switch (e - s) {
    case 0:
      return '';
    case 1:
      return fcc(b[s]);
    case 2:
      return fcc(b[s], b[s + 1]);
    case 3:
      return fcc(b[s], b[s + 1], b[s + 2]);
    case 4:
      return fcc(b[s], b[s + 1], b[s + 2], b[s + 3]);
    case 5:
      return fcc(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4]);
    case 6:
      return fcc(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5]);
    case 7:
      return fcc(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6]);
    case 8:
      return fcc(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7]);
    case 9:
      return fcc(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7], b[s + 8]);
    case 10:
      return fcc(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7], b[s + 8], b[s + 9]);
    case 11:
      return fcc(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7], b[s + 8], b[s + 9], b[s + 10]);
    case 12:
      return fcc(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7], b[s + 8], b[s + 9], b[s + 10], b[s + 11]);
    case 13:
      return fcc(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7], b[s + 8], b[s + 9], b[s + 10], b[s + 11], b[s + 12]);
    case 14:
      return fcc(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7], b[s + 8], b[s + 9], b[s + 10], b[s + 11], b[s + 12], b[s + 13]);
    case 15:
      return fcc(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7], b[s + 8], b[s + 9], b[s + 10], b[s + 11], b[s + 12], b[s + 13], b[s + 14]);
    case 16:
      return fcc(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7], b[s + 8], b[s + 9], b[s + 10], b[s + 11], b[s + 12], b[s + 13], b[s + 14], b[s + 15]);
    default:
      return sliceBytes(b, s, e);
  }
}

let scratch = Buffer.allocUnsafe(4096);

/**
 * A reusable buffer of at least `n` bytes, for assembling a byte string in place and making one
 * string of it (sliceShortBytes) instead of joining pieces. Its contents last until the next call.
 */
export function scratchBuffer(n: number): Buffer {
  if (scratch.length < n) scratch = Buffer.allocUnsafe(Math.max(n, scratch.length * 2));
  return scratch;
}

/** Copies src[from, from + n) into dst at `at` (a loop for short runs: no call into C++). */
export function copyBytes(src: Uint8Array, from: number, n: number, dst: Uint8Array, at: number): void {
  if (n < 48) {
    for (let k = 0; k < n; k++) dst[at + k] = src[from + k];
  } else {
    dst.set(src.subarray(from, from + n), at);
  }
}

/** Writes byte string `s` into buf at `offset`; returns bytes written. */
export const writeBytes: (buf: Buffer, s: string, offset: number) => number = hasFast
  ? (buf, s, offset) => (buf as unknown as FastLatin1).latin1Write(s, offset)
  : (buf, s, offset) => buf.write(s, offset, 'latin1');

/** A byte string from UTF-8 text (for messages that embed user-visible text). */
export function fromUtf8(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

/** UTF-8 text from a byte string (for config values, file paths, log lines). */
export function toUtf8(bytes: string): string {
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

/** The part of a byte string before its first NUL: what C's string functions and `%s` see. */
export function cString(s: string): string {
  const nul = s.indexOf('\0');
  return nul < 0 ? s : s.slice(0, nul);
}
