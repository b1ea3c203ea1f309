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
 * New entries go to `pending` (one string each) and are merged into `data` in batches, so
 * appending costs O(entry) and the block ends up as one flat string (one heap object, no
 * per-entry overhead). `lpBody` tracks the bytes Redis's listpack for the node would have
 * (types/stream-lp-size.ts), which decides node boundaries exactly as Redis does.
 */
import { LP_OVERHEAD, lpIntSize } from './stream-lp-size.js';
import { u64, u64AddWrap, u64Sub, type U64 } from './stream-id.js';

export const FLAG_DELETED = 1;
export const FLAG_SAMEFIELDS = 2;

/** Pending entries are merged into `data` once this many have accumulated. */
const FLATTEN_AT = 32;

/** A non-negative integer as a varint string. */
export function varint(v: U64): string {
  if (typeof v === 'number') {
    if (v < 128) return String.fromCharCode(v);
    let out = '';
    while (v >= 128) {
      out += String.fromCharCode((v % 128) | 128);
      v = Math.floor(v / 128);
    }
    return out + String.fromCharCode(v);
  }
  let out = '';
  while (v >= 128n) {
    out += String.fromCharCode(Number(v & 127n) | 128);
    v >>= 7n;
  }
  return out + String.fromCharCode(Number(v));
}

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
  const start = pos;
  while (c >= 128) {
    v += (c & 127) * mul;
    mul *= 128;
    // Past 7 groups (49 bits) a double may lose bits: finish exactly.
    if (mul > 2 ** 49) return readVarintBig(s, start);
    c = s.charCodeAt(++pos);
  }
  varintEnd = pos + 1;
  return v + c * mul;
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
  /** Merged entries. */
  data = '';
  /** Entries appended since the last merge, one string each (null when none). */
  pending: string[] | null = null;
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

  /**
   * Appends the entry ms-seq (not below the master ID) with `flags` and the `nf` field/value
   * pairs at kv[from ...]; the fields are not stored when `flags` has SAMEFIELDS.
   */
  add(flags: number, ms: U64, seq: U64, kv: readonly string[], from: number, nf: number): void {
    const msDelta = u64Sub(ms, this.masterMs);
    let e = String.fromCharCode(flags) + varint(msDelta) + varint(msDelta === 0 ? u64Sub(seq, this.masterSeq) : seq);
    const same = (flags & FLAG_SAMEFIELDS) !== 0;
    if (!same) e += varint(nf);
    const end = from + 2 * nf;
    for (let i = from; i < end; i += 2) {
      if (!same) e += varint(kv[i].length) + kv[i];
      const v = kv[i + 1];
      e += varint(v.length) + v;
    }
    this.push(e, ms, seq, (flags & FLAG_DELETED) !== 0);
  }

  /** Adds an encoded entry (see the file comment) with ID ms-seq. */
  private push(entry: string, ms: U64, seq: U64, deleted: boolean): void {
    const p = this.pending;
    if (p === null) this.pending = [entry];
    else if (p.push(entry) >= FLATTEN_AT) this.flatten();
    if (deleted) this.deleted++;
    else this.live++;
    this.lastMs = ms;
    this.lastSeq = seq;
  }

  /** Merges the pending entries into `data`. */
  flatten(): void {
    const p = this.pending;
    if (p === null) return;
    p.unshift(this.data);
    this.data = p.join('');
    this.pending = null;
  }

  /** Number of segments: `data`, then each pending entry. */
  segments(): number {
    return this.pending === null ? 1 : 1 + this.pending.length;
  }

  /** Segment `i` (see segments()). */
  segment(i: number): string {
    return i === 0 ? this.data : this.pending![i - 1];
  }

  /** Sets the flags char of the entry at `off` of segment `seg`. */
  setFlags(seg: number, off: number, flags: number): void {
    const s = this.segment(seg);
    const next = [s.slice(0, off), String.fromCharCode(flags), s.slice(off + 1)].join('');
    if (seg === 0) this.data = next;
    else this.pending![seg - 1] = next;
  }

  /** A deep copy (COPY). */
  dup(): StreamBlock {
    const b = new StreamBlock(this.masterMs, this.masterSeq, this.fields, this.lpBody);
    b.data = this.data;
    b.pending = this.pending === null ? null : [...this.pending];
    b.live = this.live;
    b.deleted = this.deleted;
    b.lastMs = this.lastMs;
    b.lastSeq = this.lastSeq;
    return b;
  }

  /** Bytes of the encoded entries (MEMORY USAGE). */
  bytes(): number {
    let n = this.data.length;
    if (this.pending !== null) for (const e of this.pending) n += e.length + 16;
    return n;
  }
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
