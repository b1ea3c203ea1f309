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
