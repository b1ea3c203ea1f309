/**
 * Walking a stream's entries between two IDs (inclusive), forwards or backwards (Redis's
 * streamIterator): a binary search finds the block to start in, so a window costs O(log N) plus
 * the entries it visits (at most one block's worth skipped before the range starts).
 */
import { EntryHeader, FLAG_DELETED, type StreamBlock } from './stream-block.js';
import { compareIds, compareParts, MAX_ID, StreamId, type U64 } from './stream-id.js';
import type { Stream } from './stream.js';

export class StreamIterator {
  /** The current entry's header (valid after next() returned true). */
  readonly h = new EntryHeader();
  /** Block and offset of the current entry (to mark it deleted). */
  block: StreamBlock | null = null;
  entryOff = 0;
  /** Emit tombstones too (Redis's skip_tombstones = 0). */
  tombstones = false;

  private bi: number;
  private off = 0;
  /** Reverse walks: the offset of every entry of the block, and the next one to visit. */
  private positions: number[] = [];
  private pi = -1;
  private done = false;

  /**
   * @param start first ID of the range, null for the beginning
   * @param end last ID of the range, null for the end
   */
  private readonly start: StreamId | null;
  private readonly end: StreamId | null;

  constructor(
    private readonly stream: Stream,
    start: StreamId | null,
    end: StreamId | null,
    private readonly rev: boolean,
  ) {
    // The extreme IDs bound nothing: dropping them spares a comparison (with a bigint) per entry.
    this.start = start === null || start.isZero() ? null : start;
    this.end = end === null || compareIds(end, MAX_ID) === 0 ? null : end;
    if (!rev) {
      this.bi = this.start === null ? 0 : Math.max(0, stream.findBlock(this.start.ms, this.start.seq));
    } else {
      this.bi = this.end === null ? stream.blocks.length - 1 : stream.findBlock(this.end.ms, this.end.seq);
    }
  }

  /** The current entry's ID. */
  id(): StreamId {
    return new StreamId(this.h.ms, this.h.seq);
  }

  /** The current entry's fields and values, alternating. */
  pairs(): string[] {
    return this.h.pairs(this.block!, this.block!.text());
  }

  /** Moves to the next entry in range; false when there is none. */
  next(): boolean {
    if (this.done) return false;
    const ok = this.rev ? this.prevEntry() : this.nextEntry();
    if (!ok) this.done = true;
    return ok;
  }

  private nextEntry(): boolean {
    const blocks = this.stream.blocks;
    const h = this.h;
    for (; this.bi < blocks.length; this.bi++, this.off = 0) {
      const b = blocks[this.bi];
      const s = b.text();
      while (this.off < s.length) {
        const at = this.off;
        h.read(b, s, at);
        this.off = h.end(s);
        if (this.start !== null && compareParts(h.ms, h.seq, this.start) < 0) continue;
        if (this.end !== null && compareParts(h.ms, h.seq, this.end) > 0) return false;
        if (!this.tombstones && (h.flags & FLAG_DELETED) !== 0) continue;
        this.block = b;
        this.entryOff = at;
        return true;
      }
    }
    return false;
  }

  private prevEntry(): boolean {
    const blocks = this.stream.blocks;
    const h = this.h;
    for (; this.bi >= 0; this.bi--, this.pi = -1) {
      const b = blocks[this.bi];
      if (this.pi < 0) this.pi = collectPositions(b, h, this.positions);
      const s = b.text();
      while (this.pi > 0) {
        const off = this.positions[--this.pi];
        h.read(b, s, off);
        if (this.end !== null && compareParts(h.ms, h.seq, this.end) > 0) continue;
        if (!this.tombstones && (h.flags & FLAG_DELETED) !== 0) continue;
        if (this.start !== null && compareParts(h.ms, h.seq, this.start) < 0) return false;
        this.block = b;
        this.entryOff = off;
        return true;
      }
    }
    return false;
  }
}

/** Fills `out` with the offset of every entry of `b` in order; returns out's length. */
export function collectPositions(b: StreamBlock, h: EntryHeader, out: number[]): number {
  out.length = 0;
  const s = b.text();
  for (let off = 0; off < s.length; off = h.end(s)) {
    out.push(off);
    h.read(b, s, off);
  }
  return out.length;
}


/** One stored entry of a block, tombstones included (what an RDB node holds). */
export interface BlockEntry {
  flags: number;
  ms: U64;
  seq: U64;
  /** Fields and values, alternating (the master's fields for SAMEFIELDS entries). */
  kv: string[];
}

/** Every entry stored in `b`, in order, tombstones included. */
export function* blockEntries(b: StreamBlock): Generator<BlockEntry> {
  const h = new EntryHeader();
  const s = b.text();
  for (let off = 0; off < s.length; off = h.end(s)) {
    h.read(b, s, off);
    yield { flags: h.flags, ms: h.ms, seq: h.seq, kv: h.pairs(b, s) };
  }
}
