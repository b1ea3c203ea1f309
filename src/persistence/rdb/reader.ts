/**
 * Sequential reader over RDB bytes (a whole file or a DUMP payload): lengths, strings in every
 * encoding, doubles, times. Every read is bounds-checked and throws RdbError, so malformed input
 * can never make the caller index past the end or allocate from an absurd length.
 */
import { RdbError } from './errors.js';
import { DoubleLen, RdbEnc, RdbLen } from './constants.js';
import { lzfDecompressInto } from './lzf.js';
import { sliceShortBytes } from '../../util/bytes.js';

/** Bytes an LZF stream can expand to per input byte, with slack (a 3-byte item yields 264). */
const LZF_MAX_RATIO = 100;

/** LZF strings up to this size are decompressed into one reused buffer (no Buffer per value). */
const LZF_SCRATCH_MAX = 1 << 16;
let lzfScratch = Buffer.allocUnsafe(1024);

export class RdbReader {
  pos: number;

  constructor(
    readonly buf: Buffer,
    start = 0,
    /** Reads stop here (a DUMP payload ends before its version and checksum footer). */
    readonly end = buf.length,
  ) {
    this.pos = start;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  /** Throws a short-read error unless `n` more bytes are available. */
  need(n: number): void {
    if (n > this.end - this.pos) throw new RdbError('Unexpected EOF reading RDB file', this.pos, true);
  }

  corrupt(msg: string, at = this.pos): never {
    throw new RdbError(msg, at);
  }

  byte(): number {
    this.need(1);
    return this.buf[this.pos++];
  }

  /** A slice of the next `n` bytes (a view: copy it if it must outlive the input). */
  bytes(n: number): Buffer {
    this.need(n);
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }

  /**
   * A length prefix. Returns the length, or -(encoding + 1) when the prefix announces a special
   * string encoding (int8/16/32, LZF). Lengths beyond 2^53 cannot describe anything loadable and
   * are reported as corrupt.
   */
  lenOrEncoding(): number {
    const first = this.byte();
    const kind = first >> 6;
    if (kind === RdbLen.ENCVAL) return -((first & 0x3f) + 1);
    if (kind === RdbLen.BITS6) return first & 0x3f;
    if (kind === RdbLen.BITS14) return ((first & 0x3f) << 8) | this.byte();
    if (first === RdbLen.BITS32) {
      this.need(4);
      const v = this.buf.readUInt32BE(this.pos);
      this.pos += 4;
      return v;
    }
    if (first === RdbLen.BITS64) {
      this.need(8);
      const hi = this.buf.readUInt32BE(this.pos);
      const lo = this.buf.readUInt32BE(this.pos + 4);
      this.pos += 8;
      if (hi >= 0x200000) this.corrupt('Length out of range', this.pos - 9);
      return hi * 0x100000000 + lo;
    }
    return this.corrupt(`Unknown length encoding ${kind} in rdbLoadLen()`, this.pos - 1);
  }

  /** A plain length (a special-encoding prefix here is corrupt input). */
  len(): number {
    const at = this.pos;
    const n = this.lenOrEncoding();
    if (n < 0) this.corrupt('Unexpected encoded length', at);
    return n;
  }

  /** Exact 64-bit length as a bigint (stream IDs use the whole range). */
  lenBig(): bigint {
    const first = this.byte();
    if (first === RdbLen.BITS64) {
      this.need(8);
      const v = this.buf.readBigUInt64BE(this.pos);
      this.pos += 8;
      return v;
    }
    this.pos--;
    return BigInt(this.len());
  }

  /** A string in any RDB encoding, as a latin1 JS string (integers in decimal). */
  string(): string {
    const at = this.pos;
    const n = this.lenOrEncoding();
    if (n >= 0) {
      this.need(n);
      const s = sliceShortBytes(this.buf, this.pos, this.pos + n);
      this.pos += n;
      return s;
    }
    const enc = -n - 1;
    if (enc === RdbEnc.LZF) {
      const out = this.lzf(true);
      return sliceShortBytes(out, 0, this.lzfLen);
    }
    return String(this.intEncoded(enc, at));
  }

  /**
   * A string in any RDB encoding as raw bytes (listpacks, ziplists, intsets stored as strings).
   * The result may be a view of the input.
   */
  blob(): Buffer {
    const at = this.pos;
    const n = this.lenOrEncoding();
    if (n >= 0) return this.bytes(n);
    const enc = -n - 1;
    if (enc === RdbEnc.LZF) return this.lzf(false);
    return Buffer.from(String(this.intEncoded(enc, at)), 'latin1');
  }

  /**
   * blob() without making a view: returns the buffer holding the bytes (the input itself, or a
   * decompressed copy) and leaves their range in spanStart / spanEnd. Loading reads every
   * compact encoding this way, so a million small values cost no Buffer object each. A
   * decompressed span may be in a buffer the next read reuses: use it before reading on.
   */
  blobSpan(): Buffer {
    const at = this.pos;
    const n = this.lenOrEncoding();
    if (n >= 0) {
      this.need(n);
      this.spanStart = this.pos;
      this.pos += n;
      this.spanEnd = this.pos;
      return this.buf;
    }
    const enc = -n - 1;
    const b = enc === RdbEnc.LZF ? this.lzf(true) : Buffer.from(String(this.intEncoded(enc, at)), 'latin1');
    this.spanStart = 0;
    this.spanEnd = enc === RdbEnc.LZF ? this.lzfLen : b.length;
    return b;
  }

  /** The range of the last blobSpan() in the buffer it returned. */
  spanStart = 0;
  spanEnd = 0;

  private intEncoded(enc: number, at: number): number {
    if (enc === RdbEnc.INT8) {
      this.need(1);
      return this.buf.readInt8(this.pos++);
    }
    if (enc === RdbEnc.INT16) {
      this.need(2);
      const v = this.buf.readInt16LE(this.pos);
      this.pos += 2;
      return v;
    }
    if (enc === RdbEnc.INT32) {
      this.need(4);
      const v = this.buf.readInt32LE(this.pos);
      this.pos += 4;
      return v;
    }
    return this.corrupt(`Unknown RDB string encoding type ${enc}`, at);
  }

  /** Length of the last lzf() result (its buffer may be longer when it is the reused one). */
  private lzfLen = 0;

  /**
   * An LZF string's bytes, in a buffer of their own or (with `reuse`, when small) in the
   * buffer every such read reuses; their length is left in lzfLen.
   */
  private lzf(reuse: boolean): Buffer {
    const clen = this.len();
    const at = this.pos;
    const len = this.len();
    this.need(clen);
    if (len === 0 || clen === 0 || len > clen * LZF_MAX_RATIO) this.corrupt('Invalid LZF compressed string', at);
    let out: Buffer;
    if (reuse && len <= LZF_SCRATCH_MAX) {
      if (lzfScratch.length < len) lzfScratch = Buffer.allocUnsafe(Math.max(len, 2 * lzfScratch.length));
      out = lzfScratch;
    } else {
      out = Buffer.allocUnsafe(len);
    }
    if (!lzfDecompressInto(this.buf, this.pos, this.pos + clen, out, len)) this.corrupt('Invalid LZF compressed string', at);
    this.pos += clen;
    this.lzfLen = len;
    return out;
  }

  /** A score in the old string form (RDB_TYPE_ZSET): length byte, then text or a special. */
  stringDouble(): number {
    const len = this.byte();
    if (len === DoubleLen.NEG_INF) return -Infinity;
    if (len === DoubleLen.POS_INF) return Infinity;
    if (len === DoubleLen.NAN) return NaN;
    const at = this.pos;
    const text = this.bytes(len).toString('latin1');
    const v = parseCDouble(text);
    if (v === null) this.corrupt('Invalid double value', at);
    return v;
  }

  /** A binary little-endian IEEE 754 double (RDB_TYPE_ZSET_2). */
  binaryDouble(): number {
    this.need(8);
    const v = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return v;
  }

  /** A little-endian signed 64-bit millisecond time. */
  millis(): number {
    this.need(8);
    // Two 32-bit halves, no BigInt per key: hi * 2^32 is exact, so the sum is rounded once,
    // as Number(BigInt) rounds.
    const lo = this.buf.readUInt32LE(this.pos);
    const hi = this.buf.readInt32LE(this.pos + 4);
    this.pos += 8;
    return hi * 0x100000000 + lo;
  }

  /** A little-endian signed 32-bit second time (the pre-RDB-3 EXPIRETIME opcode). */
  seconds(): number {
    this.need(4);
    const v = this.buf.readInt32LE(this.pos);
    this.pos += 4;
    return v;
  }
}

/**
 * sscanf("%lg")-like parsing of the decimal text Redis writes for doubles: optional spaces,
 * a decimal number or inf/nan in any case. Returns null when nothing parses.
 */
export function parseCDouble(text: string): number | null {
  // Fast path: an optional minus and up to 15 digits (integral scores, the common case) is exact
  // as a double and means what the general parse below would make of it.
  const n = text.length;
  if (n > 0 && n <= 16) {
    let i = text.charCodeAt(0) === 45 ? 1 : 0;
    if (i < n && n - i <= 15) {
      let v = 0;
      for (; i < n; i++) {
        const d = text.charCodeAt(i) - 48;
        if (d < 0 || d > 9) break;
        v = v * 10 + d;
      }
      if (i === n) return text.charCodeAt(0) === 45 ? -v : v;
    }
  }
  const m = /^[ \t\n\v\f\r]*([+-]?)(inf(?:inity)?|nan|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/i.exec(text);
  if (m === null) return null;
  const body = m[2].toLowerCase();
  const sign = m[1] === '-' ? -1 : 1;
  if (body.startsWith('inf')) return sign * Infinity;
  if (body === 'nan') return NaN;
  return sign * Number(body);
}
