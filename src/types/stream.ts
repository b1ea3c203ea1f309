/**
 * The stream value type (Redis's t_stream.c data structure): entries packed in blocks
 * (types/stream-block.ts) that mirror Redis's radix-tree nodes one for one - same boundaries,
 * same tombstones - kept in an array ordered by master ID, so appending is O(1) amortized and
 * finding where an ID lives is a binary search. Consumer groups are in types/stream-group.ts.
 *
 * Operations return results; no reply code here. Node limits come from the caller (the
 * stream-node-max-bytes / -entries configs).
 */
import type { CollectionValue } from './value.js';
import { EntryHeader, FLAG_DELETED, FLAG_SAMEFIELDS, StreamBlock } from './stream-block.js';
import { compareIds, deltaAsInt64, idKey, incrId, MAX_ID, MIN_ID, StreamId, u64Incr, type U64 } from './stream-id.js';
import { raxNodeCount } from './stream-rax.js';
import { StreamIterator } from './stream-iterator.js';
import { lpIntSize, lpStringSize } from './listpack-size.js';
import { SortedMap } from './sorted-map.js';
import type { StreamGroup } from './stream-group.js';

/** The configs that shape nodes. */
export interface StreamLimits {
  /** stream-node-max-bytes (0: no limit but Redis's 1 GB cap). */
  maxBytes: number;
  /** stream-node-max-entries (0: no limit). */
  maxEntries: number;
}

/** Redis's STREAM_LISTPACK_MAX_SIZE: no node, nor the elements of one entry, may pass 1 GB. */
export const NODE_MAX_SIZE = 1 << 30;

/** How XADD / XTRIM trim (Redis's streamAddTrimArgs, without the parsing details). */
export interface TrimSpec {
  strategy: 'maxlen' | 'minid';
  maxlen: number;
  minid: StreamId;
  /** '~': only whole nodes go. */
  approx: boolean;
  /** At most this many entries go (0: no limit). */
  limit: number;
}

export class Stream implements CollectionValue {
  readonly type = 'stream' as const;
  /** The nodes, ordered by master ID. */
  blocks: StreamBlock[] = [];
  /** Entries not deleted. */
  length = 0;
  lastId: StreamId = MIN_ID;
  /** The first entry that is not a tombstone (0-0 when empty). */
  firstId: StreamId = MIN_ID;
  maxDeletedId: StreamId = MIN_ID;
  /** All-time count of entries added (XSETID may set it). */
  entriesAdded: U64 = 0;
  /** Consumer groups by name; created on first use. */
  groups: SortedMap<StreamGroup> | null = null;

  encoding(): string {
    return 'stream';
  }

  get size(): number {
    return this.length;
  }

  /**
   * The ID `XADD *` gets at time `now` (Redis's streamNextID): (now, 0) when the clock is past
   * the last ID, else the last ID's successor - which wraps to 0-0 after the very last ID, so
   * the append is then refused as not greater than the top item.
   */
  autoId(now: number): StreamId {
    if (now > this.lastId.ms) return new StreamId(now, 0);
    return incrId(this.lastId) ?? MIN_ID;
  }

  /** The ID `XADD <ms>-*` gets, or null when the sequence would overflow. */
  autoSeqId(ms: U64): StreamId | null {
    if (this.lastId.ms !== ms) return new StreamId(ms, 0);
    const next = incrId(this.lastId);
    return next === null || next.ms !== ms ? null : next;
  }

  /** Index of the last block whose master ID is <= ms-seq, or -1. */
  findBlock(ms: U64, seq: U64): number {
    const blocks = this.blocks;
    let lo = 0;
    let hi = blocks.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const b = blocks[mid];
      if (b.masterMs < ms || (b.masterMs === ms && b.masterSeq <= seq)) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  /**
   * Appends an entry with ID `id` (already checked to be above lastId) and the `nf` field/value
   * pairs of argv[from ...], opening a new node where Redis would (Redis's streamAppendItem).
   */
  append(id: StreamId, argv: readonly string[], from: number, nf: number, limits: StreamLimits): void {
    let tail = this.blocks.length === 0 ? null : this.blocks[this.blocks.length - 1];
    if (tail !== null) {
      let total = 0;
      for (let i = from; i < from + 2 * nf; i++) total += argv[i].length;
      const maxBytes = limits.maxBytes === 0 || limits.maxBytes > NODE_MAX_SIZE ? NODE_MAX_SIZE : limits.maxBytes;
      if (tail.lpBytes() + total >= maxBytes || (limits.maxEntries !== 0 && tail.live + tail.deleted >= limits.maxEntries)) {
        tail.seal();
        tail = null;
      }
    }
    let same: boolean;
    if (tail === null) {
      tail = this.newBlock(id, argv, from, nf);
      same = true;
    } else {
      same = sameFields(tail.fields, argv, from, nf);
    }
    let lp = 2 + lpIntSize(deltaAsInt64(id.ms, tail.masterMs)) + lpIntSize(deltaAsInt64(id.seq, tail.masterSeq));
    if (!same) lp += lpIntSize(nf);
    for (let i = from; i < from + 2 * nf; i += 2) {
      if (!same) lp += lpStringSize(argv[i]);
      lp += lpStringSize(argv[i + 1]);
    }
    lp += lpIntSize(same ? nf + 3 : 2 * nf + 4);
    tail.lpBody += lp;
    tail.add(same ? FLAG_SAMEFIELDS : 0, id.ms, id.seq, argv, from, nf);
    this.length++;
    this.entriesAdded = u64Incr(this.entriesAdded) ?? 0;
    this.lastId = id;
    if (this.length === 1) this.firstId = id;
  }

  /** A new node for an entry with ID `id` and those fields, appended to the index. */
  private newBlock(id: StreamId, argv: readonly string[], from: number, nf: number): StreamBlock {
    const prev = this.blocks.length === 0 ? null : this.blocks[this.blocks.length - 1];
    let fields: readonly string[];
    if (prev !== null && sameFields(prev.fields, argv, from, nf)) {
      fields = prev.fields;
    } else {
      const f: string[] = new Array(nf);
      for (let i = 0; i < nf; i++) f[i] = argv[from + 2 * i];
      fields = f;
    }
    // Master entry: count, deleted (sized by lpBytes), number of fields, the fields, a 0.
    let lp = lpIntSize(nf) + 2;
    for (const f of fields) lp += lpStringSize(f);
    const b = new StreamBlock(id.ms, id.seq, fields, lp);
    this.blocks.push(b);
    return b;
  }

  /** An iterator over [start, end] (null: unbounded), backwards when `rev`. */
  iterate(start: StreamId | null, end: StreamId | null, rev = false): StreamIterator {
    return new StreamIterator(this, start, end, rev);
  }

  /**
   * The first or last entry's ID (Redis's streamGetEdgeID), tombstones included unless
   * `skipTombstones`; with no such entry, the maximum ID for the first, 0-0 for the last.
   */
  edgeId(first: boolean, skipTombstones: boolean): StreamId {
    const it = this.iterate(null, null, !first);
    it.tombstones = !skipTombstones;
    if (it.next()) return it.id();
    return first ? MAX_ID : MIN_ID;
  }

  /** The last entry that is not a tombstone, or null when the stream is empty. */
  lastValidId(): StreamId | null {
    if (this.length === 0) return null;
    const it = this.iterate(null, null, true);
    return it.next() ? it.id() : null;
  }

  /** True if the entry `id` exists (and is not deleted). */
  hasEntry(id: StreamId): boolean {
    return this.iterate(id, id).next();
  }

  /** The fields and values of entry `id`, or null when it does not exist. */
  entry(id: StreamId): string[] | null {
    const it = this.iterate(id, id);
    return it.next() ? it.pairs() : null;
  }

  /** Deletes entry `id` (XDEL); true if it existed. Does not update firstId / maxDeletedId. */
  deleteEntry(id: StreamId): boolean {
    const it = this.iterate(id, id);
    if (!it.next()) return false;
    const b = it.block!;
    if (b.live === 1) {
      // Its last live entry: the whole node goes.
      this.blocks.splice(this.blocks.indexOf(b), 1);
    } else {
      b.setFlags(it.entryOff, it.h.flags | FLAG_DELETED);
      b.live--;
      b.deleted++;
    }
    this.length--;
    return true;
  }

  /** XDEL of several IDs with Redis's bookkeeping of the first and maximal deleted IDs. */
  deleteEntries(ids: readonly StreamId[]): number {
    let deleted = 0;
    let firstGone = false;
    for (const id of ids) {
      if (!this.deleteEntry(id)) continue;
      if (compareIds(id, this.firstId) === 0) firstGone = true;
      if (compareIds(id, this.maxDeletedId) > 0) this.maxDeletedId = id;
      deleted++;
    }
    if (deleted !== 0) {
      if (this.length === 0) this.firstId = MIN_ID;
      else if (firstGone) this.firstId = this.edgeId(true, true);
    }
    return deleted;
  }

  /**
   * Trims from the head (Redis's streamTrim): whole nodes while they fit the strategy, then -
   * unless approximate - tombstones in the first node that only partly goes. Returns the number
   * of entries removed.
   */
  trim(t: TrimSpec): number {
    const blocks = this.blocks;
    const maxlen = t.strategy === 'maxlen';
    let deleted = 0;
    let gone = 0;
    for (; gone < blocks.length; gone++) {
      if (maxlen && this.length <= t.maxlen) break;
      const b = blocks[gone];
      const entries = b.live;
      if (t.limit !== 0 && deleted + entries > t.limit) break;
      const removeNode = maxlen ? this.length - entries >= t.maxlen : compareIds(new StreamId(b.lastMs, b.lastSeq), t.minid) < 0;
      if (removeNode) {
        this.length -= entries;
        deleted += entries;
        continue;
      }
      if (!t.approx) deleted += this.trimInside(b, t);
      break;
    }
    if (gone !== 0) blocks.splice(0, gone);
    if (this.length === 0) this.firstId = MIN_ID;
    else if (deleted !== 0) this.firstId = this.edgeId(true, true);
    return deleted;
  }

  /** Marks the leading entries of `b` deleted as the trim strategy asks; returns how many. */
  private trimInside(b: StreamBlock, t: TrimSpec): number {
    const h = new EntryHeader();
    const marks: [number, number][] = [];
    let n = 0;
    const s = b.text();
    for (let off = 0; off < s.length; off = h.end(s)) {
      h.read(b, s, off);
      const stop = t.strategy === 'maxlen' ? this.length <= t.maxlen : compareIds(new StreamId(h.ms, h.seq), t.minid) >= 0;
      if (stop) break;
      if ((h.flags & FLAG_DELETED) === 0) {
        marks.push([off, h.flags | FLAG_DELETED]);
        this.length--;
        n++;
      }
    }
    for (const [off, flags] of marks) b.setFlags(off, flags);
    b.live -= n;
    b.deleted += n;
    return n;
  }

  /** A deep, independent copy (COPY). */
  dup(): Stream {
    const s = new Stream();
    s.blocks = this.blocks.map((b) => b.dup());
    s.length = this.length;
    s.lastId = this.lastId;
    s.firstId = this.firstId;
    s.maxDeletedId = this.maxDeletedId;
    s.entriesAdded = this.entriesAdded;
    if (this.groups !== null) {
      s.groups = new SortedMap();
      for (const g of this.groups.values()) s.groups.set(g.name, g.dup());
    }
    return s;
  }

  /** The consumer group `name`, or undefined. */
  group(name: string): StreamGroup | undefined {
    return this.groups?.get(name);
  }

  /** Nodes of the radix tree Redis would hold this stream's blocks in (XINFO radix-tree-nodes). */
  raxNodes(): number {
    return raxNodeCount(this.blocks.map((b) => idKey(new StreamId(b.masterMs, b.masterSeq))));
  }

  /** Redis's lazyfreeGetFreeEffort for streams: radix tree nodes, plus groups times a PEL size. */
  freeEffort(): number {
    // Only compared with a threshold of 64: past that many blocks the exact count is not needed.
    let effort = this.blocks.length > 64 ? this.blocks.length : this.raxNodes();
    const g = this.groups;
    if (g !== null && g.size !== 0) effort += g.size * (1 + g.get(g.first()!)!.pel.size);
    return effort;
  }

  /** Bytes of the value (MEMORY USAGE), sampling at most `samples` nodes (0: all). */
  memoryUsage(samples: number): number {
    const blocks = this.blocks;
    let n = 200;
    if (blocks.length !== 0) {
      const take = samples === 0 ? blocks.length : Math.min(samples, blocks.length);
      let bytes = 0;
      for (let i = 0; i < take; i++) bytes += blocks[i].bytes() + 120;
      n += Math.round((bytes / take) * blocks.length);
    }
    if (this.groups !== null) for (const g of this.groups.values()) n += g.memoryUsage();
    return n;
  }
}

/** True if argv[from ...] has exactly the field names `fields`, in order. */
function sameFields(fields: readonly string[], argv: readonly string[], from: number, nf: number): boolean {
  if (fields.length !== nf) return false;
  for (let i = 0; i < nf; i++) if (fields[i] !== argv[from + 2 * i]) return false;
  return true;
}
