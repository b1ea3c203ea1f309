/**
 * The AOF's pending output: commands encoded as RESP multibulks straight into one reusable byte
 * buffer, which the AOF hands to write(2) as is. Encoding into a string instead (one
 * concatenation per argument, then a flatten and a copy into a Buffer before each write) made
 * every propagated command leave garbage behind and cost as much as the write itself.
 *
 * Arguments are byte strings (util/bytes.ts): one char per byte.
 */
import { writeBytes } from '../../util/bytes.js';

/** Initial size, and the size a buffer grown by a big command shrinks back to once written. */
const INITIAL = 64 * 1024;
/** Arguments up to this length are copied char by char (cheaper than a call into Node's C++). */
const SHORT = 32;

export class CommandBuffer {
  private buf = Buffer.allocUnsafe(INITIAL);
  /** Bytes pending, at the start of the buffer. */
  length = 0;

  /** The pending bytes (a view, valid until the next change). */
  bytes(): Buffer {
    return this.buf.subarray(0, this.length);
  }

  /** Appends the multibulk of `argv`. */
  appendCommand(argv: readonly string[]): void {
    const n = argv.length;
    // "*<n>\r\n" and "$<len>\r\n...\r\n" each take under 16 bytes besides the argument.
    let need = 16 + n * 16;
    for (let i = 0; i < n; i++) need += argv[i].length;
    const buf = this.reserve(need);
    let p = this.length;
    buf[p++] = 42; // '*'
    p = writeDecimal(buf, p, n);
    for (let i = 0; i < n; i++) {
      const a = argv[i];
      const len = a.length;
      buf[p++] = 36; // '$'
      p = writeDecimal(buf, p, len);
      if (len <= SHORT) {
        for (let j = 0; j < len; j++) buf[p + j] = a.charCodeAt(j);
        p += len;
      } else {
        p += writeBytes(buf, a, p);
      }
      buf[p++] = 13;
      buf[p++] = 10;
    }
    this.length = p;
  }

  /** Appends text as is (the `#TS:` annotation). */
  appendText(text: string): void {
    const buf = this.reserve(text.length);
    this.length += writeBytes(buf, text, this.length);
  }

  /** Drops the first `n` pending bytes (written to the file). */
  consume(n: number): void {
    if (n >= this.length) {
      this.clear();
      return;
    }
    this.buf.copy(this.buf, 0, n, this.length);
    this.length -= n;
  }

  /** Drops everything pending; a buffer a big command grew returns to its initial size. */
  clear(): void {
    this.length = 0;
    if (this.buf.length > INITIAL * 16) this.buf = Buffer.allocUnsafe(INITIAL);
  }

  /** The buffer, with room for `extra` more bytes after the pending ones. */
  private reserve(extra: number): Buffer {
    const need = this.length + extra;
    if (need <= this.buf.length) return this.buf;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
    return next;
  }
}

/** Writes `n` (a non-negative integer) in decimal followed by CRLF at `p`; returns the end. */
function writeDecimal(buf: Buffer, p: number, n: number): number {
  if (n < 10) {
    buf[p++] = 48 + n;
  } else {
    let digits = 1;
    for (let m = n; m >= 10; m = Math.floor(m / 10)) digits++;
    let end = p + digits;
    for (let m = n; end > p; m = Math.floor(m / 10)) buf[--end] = 48 + (m % 10);
    p += digits;
  }
  buf[p] = 13;
  buf[p + 1] = 10;
  return p + 2;
}
