/**
 * One node of a stream: up to stream-node-max-entries entries packed in latin1 strings, the
 * counterpart of the listpack hanging off each key of Redis's radix tree (t_stream.c).
 *
 * Like Redis's node, a block has a master ID (its first entry's, the node's key) and a master
 * field list (its first entry's field names). Entries are encoded relative to them:
 *
 *   flags  ms-delta  seq  [nfields  (len field len value)*]  |  (len value)*
 *
 * - flags: one char, DELETED (1) and SAMEFIELDS (2) as in Redis. A SAMEFIELDS entry has exactly
 *   the master fields, so only its values are stored: the shared field-name template;
 * - ms-delta: the entry's ms minus the master's, a varint (base 128, low group first);
 * - seq: the seq minus the master's when ms-delta is 0, else the seq itself (so it never goes
 *   negative), a varint;
 * - lengths are varints; a varint below 128 is one char.
 * Deleted entries stay as tombstones (flag set) until their whole block goes, as in Redis.
 *
 * A block being appended to keeps its bytes in a Buffer with spare room, written in place, so an
 * append costs O(entry) and makes no garbage; readers see them as one flat latin1 string, made
 * from the Buffer when first needed after a change. Once a newer block takes over the appends,
 * the Buffer goes and the block is one string: one heap object, no per-entry overhead.
 * `lpBody` tracks the bytes Redis's listpack for the node would have
 * (types/listpack-size.ts), which decides node boundaries exactly as Redis does.
 */
import { LP_OVERHEAD, lpIntSize } from './listpack-size.js';
import { u64, u64AddWrap, u64Sub, type U64 } from './stream-id.js';
import { sliceBytes, writeBytes } from '../util/bytes.js';

export const FLAG_DELETED = 1;
export const FLAG_SAMEFIELDS = 2;

/** First size of the Buffer of a block taking appends; it doubles as needed. */
const FIRST_TAIL_BYTES = 256;

/** Position after the varint read by the last readVarint call. */
export let varintEnd = 0;

/** The varint at `pos` of `s` (see varintEnd). */
export function readVarint(s: string, pos: number): U64 {
  let c = s.charCodeAt(pos);
  if (c < 128) {
    varintEnd = pos + 1;
    return c;
  }
  let v = 0;
  let mul = 1;
  // Up to 7 bytes (49 bits) a double is exact; an 8th byte may pass 2^53: finish exactly.
  for (let i = 0; i < 7; i++) {
    c = s.charCodeAt(pos + i);
    v += (c & 127) * mul;
    if (c < 128) {
      varintEnd = pos + i + 1;
      return v;
    }
    mul *= 128;
  }
  return readVarintBig(s, pos);
}

function readVarintBig(s: string, pos: number): U64 {
  let v = 0n;
  let shift = 0n;
  for (;;) {
    const c = s.charCodeAt(pos++);
    v |= BigInt(c & 127) << shift;
    shift += 7n;
    if (c < 128) break;
  }
  varintEnd = pos;
  return u64(v);
}

export class StreamBlock {
  /** The entries as a latin1 string; stale while `dirty`. */
  private data = '';
  /** The entries while the block takes appends (`used` bytes of it), else null. */
  private buf: Buffer | null = null;
  private used = 0;
  /** True when `buf` has changes `data` does not show yet. */
  private dirty = false;
  /** Entries not deleted, and tombstones. */
  live = 0;
  deleted = 0;
  /** ID of the last entry stored (tombstone or not). */
  lastMs: U64;
  lastSeq: U64;

  constructor(
    readonly masterMs: U64,
    readonly masterSeq: U64,
    /** The master field names; shared between blocks with equal ones. */
    readonly fields: readonly string[],
    /**
     * Bytes Redis's listpack for this node has, other than its header, end byte and the two
     * counters (live, deleted): the master fields and every entry.
     */
    public lpBody: number,
  ) {
    this.lastMs = masterMs;
    this.lastSeq = masterSeq;
  }

  /** The size Redis's listpack for this node has (what stream-node-max-bytes limits). */
  lpBytes(): number {
    return LP_OVERHEAD + lpIntSize(this.live) + lpIntSize(this.deleted) + this.lpBody;
  }

  /** The encoded entries (see the file comment) as one flat latin1 string. */
  text(): string {
    if (this.dirty) {
      this.data = sliceBytes(this.buf!, 0, this.used);
      this.dirty = false;
    }
    return this.data;
  }

  /**
   * Appends the entry ms-seq (not below the master ID) with `flags` and the `nf` field/value
   * pairs at kv[from ...]; the fields are not stored when `flags` has SAMEFIELDS.
   */
  add(flags: number, ms: U64, seq: U64, kv: readonly string[], from: number, nf: number): void {
    const msDelta = u64Sub(ms, this.masterMs);
    const seqPart = msDelta === 0 ? u64Sub(seq, this.masterSeq) : seq;
    const same = (flags & FLAG_SAMEFIELDS) !== 0;
    const end = from + 2 * nf;
    // Room for the header (flags and two varints of up to 10 bytes, nf) and every length.
    let size = 26 + 5 * 2 * nf;
    for (let i = same ? from + 1 : from; i < end; i += same ? 2 : 1) size += kv[i].length;
    const b = this.reserve(size);
    let p = this.used;
    b[p++] = flags;
    p = putVarint(b, p, msDelta);
    p = putVarint(b, p, seqPart);
    if (!same) p = putVarint(b, p, nf);
    for (let i = from; i < end; i += 2) {
      if (!same) p = putString(b, p, kv[i]);
      p = putString(b, p, kv[i + 1]);
    }
    this.used = p;
    this.dirty = true;
    if ((flags & FLAG_DELETED) !== 0) this.deleted++;
    else this.live++;
    this.lastMs = ms;
    this.lastSeq = seq;
  }

  /** The append Buffer, with room for `n` more bytes. */
  private reserve(n: number): Buffer {
    let b = this.buf;
    if (b === null) {
      // A block taking appends again (its newer blocks were deleted): back to a Buffer.
      const text = this.data;
      b = Buffer.allocUnsafeSlow(Math.max(FIRST_TAIL_BYTES, 2 * (text.length + n)));
      this.used = writeBytes(b, text, 0);
      this.buf = b;
    } else if (this.used + n > b.length) {
      const next = Buffer.allocUnsafeSlow(Math.max(2 * b.length, this.used + n));
      b.copy(next, 0, 0, this.used);
      this.buf = b = next;
    }
    return b;
  }

  /** Ends appends to this block: its entries become one string, the Buffer goes. */
  seal(): void {
    if (this.buf === null) return;
    this.text();
    this.buf = null;
    this.used = 0;
  }

  /** Sets the flags char of the entry at offset `off` of text(). */
  setFlags(off: number, flags: number): void {
    if (this.buf !== null) {
      this.buf[off] = flags;
      this.dirty = true;
      return;
    }
    const s = this.data;
    this.data = [s.slice(0, off), String.fromCharCode(flags), s.slice(off + 1)].join('');
  }

  /** A deep copy (COPY). */
  dup(): StreamBlock {
    const b = new StreamBlock(this.masterMs, this.masterSeq, this.fields, this.lpBody);
    b.data = this.text();
    b.live = this.live;
    b.deleted = this.deleted;
    b.lastMs = this.lastMs;
    b.lastSeq = this.lastSeq;
    return b;
  }

  /** Bytes of the encoded entries (MEMORY USAGE). */
  bytes(): number {
    return this.buf !== null ? this.buf.length : this.data.length;
  }
}

/** Writes `v` as a varint at b[p]; returns the position after it. */
function putVarint(b: Buffer, p: number, v: U64): number {
  if (typeof v === 'number') {
    while (v >= 128) {
      b[p++] = (v % 128) | 128;
      v = Math.floor(v / 128);
    }
    b[p++] = v;
    return p;
  }
  while (v >= 128n) {
    b[p++] = Number(v & 127n) | 128;
    v >>= 7n;
  }
  b[p++] = Number(v);
  return p;
}

/** Writes the length of `s` and its bytes at b[p]; returns the position after them. */
function putString(b: Buffer, p: number, s: string): number {
  const n = s.length;
  p = n < 128 ? ((b[p] = n), p + 1) : putVarint(b, p, n);
  if (n > 16) return p + writeBytes(b, s, p);
  for (let i = 0; i < n; i++) b[p++] = s.charCodeAt(i);
  return p;
}

/**
 * An entry header, decoded in place (one reusable object per iteration): the entry at `off` of
 * string `s` in `block`.
 */
export class EntryHeader {
  flags = 0;
  ms: U64 = 0;
  seq: U64 = 0;
  /** Number of field/value pairs. */
  nf = 0;
  /** Offset of the first field (or value, for SAMEFIELDS entries). */
  body = 0;

  read(block: StreamBlock, s: string, off: number): void {
    const flags = s.charCodeAt(off);
    this.flags = flags;
    const msDelta = readVarint(s, off + 1);
    const seqPart = readVarint(s, varintEnd);
    if (msDelta === 0) {
      this.ms = block.masterMs;
      this.seq = u64AddWrap(block.masterSeq, seqPart);
    } else {
      this.ms = u64AddWrap(block.masterMs, msDelta);
      this.seq = seqPart;
    }
    if ((flags & FLAG_SAMEFIELDS) !== 0) {
      this.nf = block.fields.length;
      this.body = varintEnd;
    } else {
      this.nf = readVarint(s, varintEnd) as number;
      this.body = varintEnd;
    }
  }

  /** Offset just past the entry whose header was read (walks its lengths). */
  end(s: string): number {
    let pos = this.body;
    const n = (this.flags & FLAG_SAMEFIELDS) !== 0 ? this.nf : 2 * this.nf;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(pos);
      if (c < 128) pos += 1 + c;
      else {
        const len = readVarint(s, pos) as number;
        pos = varintEnd + len;
      }
    }
    return pos;
  }

  /** The entry's fields and values, alternating. */
  pairs(block: StreamBlock, s: string): string[] {
    const n = this.nf;
    const out: string[] = new Array(2 * n);
    let pos = this.body;
    const same = (this.flags & FLAG_SAMEFIELDS) !== 0;
    for (let i = 0; i < n; i++) {
      if (same) out[2 * i] = block.fields[i];
      else {
        const flen = readVarint(s, pos) as number;
        pos = varintEnd + flen;
        out[2 * i] = s.slice(varintEnd, pos);
      }
      const vlen = readVarint(s, pos) as number;
      pos = varintEnd + vlen;
      out[2 * i + 1] = s.slice(varintEnd, pos);
    }
    return out;
  }
}
