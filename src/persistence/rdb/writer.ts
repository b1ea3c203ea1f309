/**
 * Growable byte buffer that writes RDB primitives: lengths, strings the way Redis's
 * rdbSaveRawString writes them (small integers int-encoded, long compressible strings LZF'd),
 * doubles and times.
 */
import { RdbEnc, RdbLen } from './constants.js';
import { lzfCompress } from './lzf.js';
import { writeBytes } from '../../util/bytes.js';

/** Strings this short never shrink under LZF (Redis skips them too). */
const LZF_MIN_LEN = 21;

export class RdbWriter {
  buf: Buffer;
  pos = 0;
  /** Whether strings longer than 20 bytes are LZF-compressed when that saves space. */
  compress: boolean;
  /** Called with each full buffer before it is reused (streaming to a file); null keeps all. */
  private readonly sink: ((chunk: Buffer) => void) | null;

  constructor(opts: { compress?: boolean; initialSize?: number; sink?: (chunk: Buffer) => void } = {}) {
    this.buf = Buffer.allocUnsafe(opts.initialSize ?? 4096);
    this.compress = opts.compress ?? true;
    this.sink = opts.sink ?? null;
  }

  /** Makes room for `n` more bytes. */
  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    if (this.sink !== null && this.pos > 0) {
      this.sink(this.buf.subarray(0, this.pos));
      // The sink has consumed the bytes (copied or written): reuse a fresh buffer.
      this.buf = Buffer.allocUnsafe(Math.max(this.buf.length, n));
      this.pos = 0;
      if (n <= this.buf.length) return;
    }
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  /** The bytes written so far (when there is no sink). */
  result(): Buffer {
    return this.buf.subarray(0, this.pos);
  }

  /** Hands the remaining bytes to the sink. */
  flush(): void {
    if (this.sink !== null && this.pos > 0) {
      this.sink(this.buf.subarray(0, this.pos));
      this.buf = Buffer.allocUnsafe(this.buf.length);
      this.pos = 0;
    }
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }

  raw(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** Bytes of a latin1 string, verbatim. */
  latin1(s: string): void {
    this.ensure(s.length);
    this.pos += writeBytes(this.buf, s, this.pos);
  }

  len(n: number): void {
    this.ensure(9);
    const b = this.buf;
    if (n < 1 << 6) {
      b[this.pos++] = n;
    } else if (n < 1 << 14) {
      b[this.pos++] = (RdbLen.BITS14 << 6) | (n >>> 8);
      b[this.pos++] = n & 0xff;
    } else if (n <= 0xffffffff) {
      b[this.pos++] = RdbLen.BITS32;
      b.writeUInt32BE(n, this.pos);
      this.pos += 4;
    } else {
      b[this.pos++] = RdbLen.BITS64;
      b.writeBigUInt64BE(BigInt(n), this.pos);
      this.pos += 8;
    }
  }

  /** A 64-bit length from a bigint (stream IDs). */
  lenBig(n: bigint): void {
    if (n <= 0xffffffffn) return this.len(Number(n));
    this.ensure(9);
    this.buf[this.pos++] = RdbLen.BITS64;
    this.buf.writeBigUInt64BE(n, this.pos);
    this.pos += 8;
  }

  /** An integer in Redis's int8/16/32 string encodings; false if out of their range. */
  intEncoded(v: number): boolean {
    this.ensure(5);
    const b = this.buf;
    const enc = RdbLen.ENCVAL << 6;
    if (v >= -128 && v <= 127) {
      b[this.pos++] = enc | RdbEnc.INT8;
      b.writeInt8(v, this.pos);
      this.pos += 1;
    } else if (v >= -32768 && v <= 32767) {
      b[this.pos++] = enc | RdbEnc.INT16;
      b.writeInt16LE(v, this.pos);
      this.pos += 2;
    } else if (v >= -2147483648 && v <= 2147483647) {
      b[this.pos++] = enc | RdbEnc.INT32;
      b.writeInt32LE(v, this.pos);
      this.pos += 4;
    } else {
      return false;
    }
    return true;
  }

  /** A byte string as Redis's rdbSaveRawString writes it. */
  string(s: string): void {
    const n = s.length;
    if (n <= 11 && n > 0) {
      const v = smallIntValue(s);
      if (v !== null && this.intEncoded(v)) return;
    }
    if (this.compress && n >= LZF_MIN_LEN) {
      const input = Buffer.from(s, 'latin1');
      if (this.lzfBlob(input)) return;
    }
    this.len(n);
    this.latin1(s);
  }

  /** Raw bytes (an encoded listpack or intset) as a string, compressed when it pays. */
  blob(b: Uint8Array): void {
    if (this.compress && b.length >= LZF_MIN_LEN && this.lzfBlob(b)) return;
    this.len(b.length);
    this.raw(b);
  }

  /** Writes `input` LZF-compressed if that saves at least 4 bytes; false if it does not. */
  private lzfBlob(input: Uint8Array): boolean {
    const packed = lzfCompress(input, input.length - 4);
    if (packed === null) return false;
    this.byte((RdbLen.ENCVAL << 6) | RdbEnc.LZF);
    this.len(packed.length);
    this.len(input.length);
    this.raw(packed);
    return true;
  }

  binaryDouble(v: number): void {
    this.ensure(8);
    this.buf.writeDoubleLE(v, this.pos);
    this.pos += 8;
  }

  millis(ms: number): void {
    this.ensure(8);
    this.buf.writeBigInt64LE(BigInt(ms), this.pos);
    this.pos += 8;
  }
}

/**
 * The value of `s` if it is the canonical decimal form of an integer that int-encoding may hold
 * (Redis's string2ll: no sign on zero, no leading zeros, no '+'), else null. Only called on
 * strings of at most 11 chars, so the value fits a double exactly.
 */
export function smallIntValue(s: string): number | null {
  const n = s.length;
  let i = 0;
  if (s.charCodeAt(0) === 45 /* - */) {
    if (n === 1) return null;
    i = 1;
  }
  const first = s.charCodeAt(i);
  if (first < 48 || first > 57) return null;
  if (first === 48) return n === 1 ? 0 : null;
  let v = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return null;
    v = v * 10 + (c - 48);
  }
  return s.charCodeAt(0) === 45 ? -v : v;
}
