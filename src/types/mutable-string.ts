/**
 * A byte string that grows in place, for APPEND, SETRANGE, SETBIT, BITFIELD and HyperLogLogs:
 * capacity doubles, so a run of appends costs O(total appended) rather than a copy of the whole
 * value each time. Redis reports such a value's encoding as "raw".
 */
import { sliceBytes, writeBytes } from '../util/bytes.js';

export class MutableString {
  /** Last access time, kept by keyspace/db.ts (see CollectionValue.lru). */
  lru: number | undefined = undefined;
  private buf: Buffer;
  private len: number;
  /**
   * True for a value Redis would hold as a plain (embstr) string object that was never modified
   * in place, e.g. an INCRBYFLOAT result: Redis does not int-encode those even when they read as
   * integers, so OBJECT ENCODING must not say "int". Any in-place change makes the value "raw",
   * as Redis's dbUnshareStringValue does.
   */
  compact = false;

  constructor(initial: string, extra = 0) {
    this.len = initial.length;
    this.buf = Buffer.allocUnsafe(Math.max(16, this.len + extra));
    writeBytes(this.buf, initial, 0);
  }

  /** A MutableString over the first `len` bytes of `buf`, taking ownership of it (no copy). */
  static fromBuffer(buf: Buffer, len = buf.length): MutableString {
    const m = new MutableString('', 0);
    m.buf = buf;
    m.len = len;
    return m;
  }

  get length(): number {
    return this.len;
  }

  /**
   * The storage: bytes [0, length) are the value, any beyond are spare capacity. For in-place
   * algorithms (bit operations, HyperLogLog); a later growth replaces it, so do not keep it
   * across calls that may grow the string.
   */
  bytes(): Buffer {
    return this.buf;
  }

  /** Sets the length to `size` (within capacity after reserve(size)); new bytes are not cleared. */
  setLength(size: number): void {
    this.reserve(size);
    this.len = size;
  }

  /** Ensures capacity for at least `size` bytes (growing by doubling); the length is unchanged. */
  reserve(size: number): void {
    if (size > this.buf.length) {
      const next = Buffer.allocUnsafe(Math.max(size, this.buf.length * 2));
      this.buf.copy(next, 0, 0, this.len);
      this.buf = next;
    }
  }

  append(s: string): number {
    this.compact = false;
    this.reserve(this.len + s.length);
    writeBytes(this.buf, s, this.len);
    this.len += s.length;
    return this.len;
  }

  /** Writes `s` at `offset`, zero-padding when offset is past the end. Returns the new length. */
  writeAt(offset: number, s: string): number {
    const end = offset + s.length;
    this.compact = false;
    this.reserve(end);
    if (offset > this.len) this.buf.fill(0, this.len, offset);
    writeBytes(this.buf, s, offset);
    if (end > this.len) this.len = end;
    return this.len;
  }

  /** Grows to `size` bytes with zero padding (no-op when already that long). */
  growTo(size: number): void {
    this.compact = false;
    if (size <= this.len) return;
    this.reserve(size);
    this.buf.fill(0, this.len, size);
    this.len = size;
  }

  byteAt(i: number): number {
    return this.buf[i];
  }

  setByte(i: number, b: number): void {
    this.compact = false;
    this.buf[i] = b;
  }

  slice(start: number, end: number): string {
    return sliceBytes(this.buf, start, Math.min(end, this.len));
  }

  /** A value that reads as `s` and reports Redis's plain-string encoding (see `compact`). */
  static compact(s: string): MutableString {
    const m = new MutableString(s);
    m.compact = true;
    return m;
  }

  toString(): string {
    return sliceBytes(this.buf, 0, this.len);
  }
}
