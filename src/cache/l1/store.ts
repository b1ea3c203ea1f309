/**
 * The in-process L1 tier's storage (docs/cache/DESIGN.md, section 5): a bounded map from L2 key
 * name to decoded value with a deadline. Two policies share one interface, so the cache picks
 * one by option: plain LRU (lru.ts), and W-TinyLFU admission (tinylfu.ts) for workloads where a
 * scan or a burst of one-off keys would otherwise flush the hot set.
 *
 * The store knows nothing about coherence: it serves what it holds until the deadline. Whoever
 * fills it (l1/two-tier.ts) decides when a value may go in and evicts on invalidation.
 */
import { ToolkitOptionError } from '../errors.js';

export interface L1Stats {
  hits: number;
  misses: number;
  /** hits / (hits + misses), 0 before any lookup. */
  hitRatio: number;
  /** Entries removed to stay within budget (not deletes, not expiries). */
  evictions: number;
  /** New entries the admission policy turned away (TinyLFU), or too large for the budget. */
  rejected: number;
  entries: number;
  bytes: number;
}

export interface L1Store<V> {
  /** The value, if present and `now < deadline`; counts a hit or a miss. */
  get(key: string, now: number): V | undefined;
  /** Stores `value` until `deadline` (ms, same clock as get's `now`); `size` in bytes (see sizeOf). */
  set(key: string, value: V, deadline: number, size?: number): void;
  /** Removes the key; true if it was there. */
  delete(key: string): boolean;
  /** Removes everything (counters are kept). */
  clear(): void;
  /** Whether the key is held (expired or not), without touching recency or counters. */
  has(key: string): boolean;
  /** Entries held. */
  readonly size: number;
  /** Bytes held (sum of entry sizes). */
  readonly bytes: number;
  stats(): L1Stats;
}

export type L1Policy = 'lru' | 'tinylfu';

export interface L1Options<V> {
  /** Default 'lru'. */
  policy?: L1Policy;
  /** Entry budget. Default 10,000. */
  maxEntries?: number;
  /** Byte budget (by entry sizes). Default unbounded. */
  maxBytes?: number;
  /** Size of an entry when set() is given none. Default: key length + string length (or 64) + 48. */
  sizeOf?: (key: string, value: V) => number;
}

/** Per-entry bookkeeping overhead counted by the default sizeOf (a Map slot plus the entry object). */
const ENTRY_OVERHEAD = 48;

export function defaultSizeOf(key: string, value: unknown): number {
  return key.length + (typeof value === 'string' ? value.length : 64) + ENTRY_OVERHEAD;
}

/** Validated budgets. */
export interface Budget {
  readonly maxEntries: number;
  readonly maxBytes: number;
}

export function budgetOf(o: { maxEntries?: number; maxBytes?: number }): Budget {
  const maxEntries = o.maxEntries ?? 10_000;
  const maxBytes = o.maxBytes ?? Infinity;
  if (!(maxEntries >= 1) || (Number.isFinite(maxEntries) && !Number.isInteger(maxEntries))) {
    throw new ToolkitOptionError(`l1 maxEntries must be an integer >= 1, got ${maxEntries}`);
  }
  if (!(maxBytes >= 1)) throw new ToolkitOptionError(`l1 maxBytes must be >= 1, got ${maxBytes}`);
  return { maxEntries, maxBytes };
}

export interface Entry<V> {
  value: V;
  deadline: number;
  size: number;
}

/**
 * An ordered set of entries, oldest first (a Map keeps insertion order; re-inserting moves a key
 * to the end), with its entry and byte totals. LRU is one segment; W-TinyLFU is three.
 */
export class Segment<V> {
  readonly map = new Map<string, Entry<V>>();
  bytes = 0;

  get size(): number {
    return this.map.size;
  }

  add(key: string, e: Entry<V>): void {
    this.map.set(key, e);
    this.bytes += e.size;
  }

  remove(key: string): Entry<V> | undefined {
    const e = this.map.get(key);
    if (e === undefined) return undefined;
    this.map.delete(key);
    this.bytes -= e.size;
    return e;
  }

  /** Moves a present key to the most recent end. */
  touch(key: string, e: Entry<V>): void {
    this.map.delete(key);
    this.map.set(key, e);
  }

  /** The least recently used key, or undefined when empty. */
  oldest(): string | undefined {
    return this.map.keys().next().value;
  }

  over(maxEntries: number, maxBytes: number): boolean {
    return this.map.size > maxEntries || this.bytes > maxBytes;
  }

  clear(): void {
    this.map.clear();
    this.bytes = 0;
  }
}

/** Hit/miss/eviction counters shared by the policies. */
export class Counters {
  hits = 0;
  misses = 0;
  evictions = 0;
  rejected = 0;

  snapshot(entries: number, bytes: number): L1Stats {
    const n = this.hits + this.misses;
    return {
      hits: this.hits,
      misses: this.misses,
      hitRatio: n === 0 ? 0 : this.hits / n,
      evictions: this.evictions,
      rejected: this.rejected,
      entries,
      bytes,
    };
  }
}
