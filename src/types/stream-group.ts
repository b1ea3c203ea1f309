/**
 * Stream consumer groups (Redis's streamCG, streamConsumer, streamNACK): the group's last
 * delivered ID and read counter, its pending entries list (PEL), and its consumers, each with its
 * own PEL sharing the group's NACK objects. PELs are SortedMaps keyed by idKey (16 bytes, big
 * endian), so they iterate in ID order; consumers and groups iterate in name byte order.
 *
 * The read counter (entries_read) and lag follow Redis 7.0's rules, including its estimates when
 * tombstones make the exact count unknowable (streamEstimateDistanceFromFirstEverEntry).
 */
import { SortedMap } from './sorted-map.js';
import { compareIds, idKey, MAX_ID, MIN_ID, StreamId, u64Incr, type U64 } from './stream-id.js';
import type { Stream } from './stream.js';
import { normalize, type Int64 } from '../util/int64.js';

/** entries_read when the group's position in the stream's history is unknown. */
export const INVALID_ENTRIES_READ = -1;

/** A delivered, not yet acknowledged entry. */
export class StreamNack {
  constructor(
    /** Last delivery, in ms. */
    public deliveryTime: number,
    public deliveryCount: U64,
    /** Null only while an RDB load or XCLAIM FORCE is still assigning it. */
    public consumer: StreamConsumer | null,
  ) {}
}

export class StreamConsumer {
  readonly pel = new SortedMap<StreamNack>();
  constructor(
    readonly name: string,
    /** Last time the consumer was seen (read, claimed), in ms. */
    public seenTime: number,
  ) {}
}

export class StreamGroup {
  readonly pel = new SortedMap<StreamNack>();
  readonly consumers = new SortedMap<StreamConsumer>();

  constructor(
    readonly name: string,
    public lastId: StreamId,
    /** Entries read so far (see the file comment), or INVALID_ENTRIES_READ. */
    public entriesRead: Int64,
  ) {}

  /** The consumer `name`, its seen time set to `now` unless `now` is undefined. */
  consumer(name: string, now?: number): StreamConsumer | undefined {
    const c = this.consumers.get(name);
    if (c !== undefined && now !== undefined) c.seenTime = now;
    return c;
  }

  /** Creates consumer `name`; null if it exists. */
  createConsumer(name: string, now: number): StreamConsumer | null {
    if (this.consumers.has(name)) return null;
    const c = new StreamConsumer(name, now);
    this.consumers.set(name, c);
    return c;
  }

  /** The consumer `name`, created if needed; `created` tells which. */
  consumerOrCreate(name: string, now: number): { consumer: StreamConsumer; created: boolean } {
    const c = this.consumer(name, now);
    if (c !== undefined) return { consumer: c, created: false };
    return { consumer: this.createConsumer(name, now)!, created: true };
  }

  /** Deletes a consumer and its pending entries; returns how many it had. */
  deleteConsumer(c: StreamConsumer): number {
    const pending = c.pel.size;
    c.pel.forEachFrom(undefined, (key) => {
      this.pel.delete(key);
    });
    this.consumers.delete(c.name);
    return pending;
  }

  /** Acknowledges the entry with key `key`: true if it was pending. */
  ack(key: string): boolean {
    const nack = this.pel.get(key);
    if (nack === undefined) return false;
    this.pel.delete(key);
    nack.consumer?.pel.delete(key);
    return true;
  }

  /** Drops a pending entry whose stream entry is gone (XCLAIM / XAUTOCLAIM). */
  dropPending(key: string, nack: StreamNack): void {
    this.pel.delete(key);
    nack.consumer?.pel.delete(key);
  }

  /**
   * Gives pending entry `key` to `c` (creating it with count 0 when absent), as XCLAIM does:
   * the caller sets the delivery time and count.
   */
  assign(key: string, nack: StreamNack, c: StreamConsumer): void {
    if (nack.consumer === c) return;
    nack.consumer?.pel.delete(key);
    c.pel.set(key, nack);
    nack.consumer = c;
  }

  /** A deep copy sharing nothing mutable (COPY). */
  dup(): StreamGroup {
    const g = new StreamGroup(this.name, this.lastId, this.entriesRead);
    const copies = new Map<StreamNack, StreamNack>();
    this.pel.forEachFrom(undefined, (key, n) => {
      const copy = new StreamNack(n.deliveryTime, n.deliveryCount, null);
      copies.set(n, copy);
      g.pel.set(key, copy);
    });
    for (const c of this.consumers.values()) {
      const nc = new StreamConsumer(c.name, c.seenTime);
      c.pel.forEachFrom(undefined, (key, n) => {
        const copy = copies.get(n)!;
        copy.consumer = nc;
        nc.pel.set(key, copy);
      });
      g.consumers.set(c.name, nc);
    }
    return g;
  }

  /** Rough bytes (MEMORY USAGE). */
  memoryUsage(): number {
    let n = 200 + this.name.length + this.pel.size * 120;
    for (const c of this.consumers.values()) n += 120 + c.name.length + c.pel.size * 40;
    return n;
  }
}

/** Creates group `name` on `s`; null if it exists (Redis's streamCreateCG). */
export function createGroup(s: Stream, name: string, lastId: StreamId, entriesRead: Int64): StreamGroup | null {
  if (s.groups === null) s.groups = new SortedMap();
  if (s.groups.has(name)) return null;
  const g = new StreamGroup(name, lastId, entriesRead);
  s.groups.set(name, g);
  return g;
}

/** Deletes group `name`; true if it existed. */
export function destroyGroup(s: Stream, name: string): boolean {
  return s.groups !== null && s.groups.delete(name);
}

/** a - b for counters (exact beyond 2^53). */
function sub(a: U64 | Int64, b: U64 | Int64): Int64 {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return normalize(BigInt(a) - BigInt(b));
}

/**
 * Redis's streamRangeHasTombstones: whether [start, end] (null: unbounded) may hold a deleted
 * entry, judged from the maximal deleted ID.
 */
export function rangeHasTombstones(s: Stream, start: StreamId | null, end: StreamId | null): boolean {
  if (s.length === 0 || s.maxDeletedId.isZero()) return false;
  if (compareIds(s.firstId, s.maxDeletedId) > 0) return false;
  return compareIds(start ?? MIN_ID, s.maxDeletedId) <= 0 && compareIds(s.maxDeletedId, end ?? MAX_ID) <= 0;
}

/**
 * Redis's streamEstimateDistanceFromFirstEverEntry: the read counter of ID `id` (how many
 * entries were ever added up to it), when it can be known; else INVALID_ENTRIES_READ.
 */
export function estimateEntriesRead(s: Stream, id: StreamId): Int64 {
  if (s.entriesAdded === 0) return 0;
  const cmpLast = compareIds(id, s.lastId);
  if (s.length === 0 && cmpLast < 1) return s.entriesAdded;
  if (cmpLast === 0) return s.entriesAdded;
  if (cmpLast > 0) return INVALID_ENTRIES_READ;
  const cmpFirst = compareIds(id, s.firstId);
  if (s.maxDeletedId.isZero() || compareIds(s.maxDeletedId, s.firstId) < 0) {
    if (cmpFirst < 0) return sub(s.entriesAdded, s.length);
    if (cmpFirst === 0) return sub(s.entriesAdded, s.length - 1);
  }
  return INVALID_ENTRIES_READ;
}

/** The group's lag (entries not yet delivered), or null when it cannot be known. */
export function groupLag(s: Stream, g: StreamGroup): Int64 | null {
  if (s.entriesAdded === 0) return 0;
  if (g.entriesRead !== INVALID_ENTRIES_READ && !rangeHasTombstones(s, g.lastId, null)) return sub(s.entriesAdded, g.entriesRead);
  const read = estimateEntriesRead(s, g.lastId);
  return read === INVALID_ENTRIES_READ ? null : sub(s.entriesAdded, read);
}

/**
 * What delivering entry `id` to `c` does to the group (streamReplyWithRange with a group):
 * moves the last delivered ID and read counter forward when `id` is new to the group, and -
 * unless `noack` - records it as pending for `c` (taking it over from any previous owner, with
 * a fresh count). Returns true when the last delivered ID moved.
 */
export function deliver(s: Stream, g: StreamGroup, c: StreamConsumer, id: StreamId, now: number, noack: boolean): boolean {
  let moved = false;
  if (compareIds(id, g.lastId) > 0) {
    if (g.entriesRead !== INVALID_ENTRIES_READ && !rangeHasTombstones(s, id, null)) {
      g.entriesRead = typeof g.entriesRead === 'number' && g.entriesRead < Number.MAX_SAFE_INTEGER ? g.entriesRead + 1 : normalize(BigInt(g.entriesRead) + 1n);
    } else if (s.entriesAdded !== 0) {
      g.entriesRead = estimateEntriesRead(s, id);
    }
    g.lastId = id;
    moved = true;
  }
  if (!noack) {
    const key = idKey(id);
    const old = g.pel.get(key);
    if (old === undefined) {
      const nack = new StreamNack(now, 1, c);
      g.pel.set(key, nack);
      c.pel.set(key, nack);
    } else {
      g.assign(key, old, c);
      old.deliveryTime = now;
      old.deliveryCount = 1;
    }
  }
  return moved;
}

/** One more delivery of a pending entry (reading a consumer's history). */
export function redeliver(nack: StreamNack, now: number): void {
  nack.deliveryTime = now;
  nack.deliveryCount = u64Incr(nack.deliveryCount) ?? 0;
}
