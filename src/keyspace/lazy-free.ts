/**
 * Lazy freeing (UNLINK, FLUSHDB/FLUSHALL ASYNC, lazyfree-lazy-* configs).
 *
 * In Redis, freeing a big collection walks every allocation, so UNLINK hands it to a background
 * thread. In JS, dropping the last reference is O(1) and the garbage collector reclaims memory
 * incrementally on its own, so the reply never waits on freeing anyway. What remains worth
 * modelling is what clients can observe: values "freed lazily" are held in a queue and released
 * in a setImmediate batch after the command's reply, and INFO's lazyfree_pending_objects /
 * lazyfreed_objects count them by Redis's rule (only values costing more than 64 allocations go
 * the lazy way: big lists, hashtable sets/hashes, skiplist zsets, streams).
 */
import type { Value } from '../types/value.js';

/** Redis's LAZYFREE_THRESHOLD: values with more allocations than this are freed lazily. */
export const LAZYFREE_THRESHOLD = 64;

/** Optional size hints a collection may expose (element count). */
interface Sized {
  readonly size?: unknown;
  readonly length?: unknown;
  freeEffort?: () => number;
}

/**
 * Redis's lazyfreeGetFreeEffort, approximated from what a value exposes: a `freeEffort()` method
 * if the type defines one, else its element count (`size` or `length`), else 1 (strings are one
 * allocation).
 */
export function freeEffort(v: Value): number {
  if (typeof v === 'string') return 1;
  const s = v as unknown as Sized;
  if (typeof s.freeEffort === 'function') return s.freeEffort();
  if (typeof s.size === 'number') return s.size;
  if (typeof s.length === 'number' && !('byteAt' in s)) return s.length;
  return 1;
}

/** The lazy-free queue and counters of one server. */
export class LazyFree {
  /** Objects queued and not yet released (INFO lazyfree_pending_objects). */
  pending = 0;
  /** Objects released lazily since the last CONFIG RESETSTAT (INFO lazyfreed_objects). */
  freed = 0;
  private queue: unknown[] = [];
  private queuedCount = 0;
  private scheduled = false;

  /** Frees `v` lazily if it is big enough to be worth it; returns true if it was queued. */
  freeValue(v: Value): boolean {
    if (freeEffort(v) <= LAZYFREE_THRESHOLD) return false;
    this.enqueue(v, 1);
    return true;
  }

  /**
   * Queues a whole detached database (FLUSHDB/FLUSHALL ASYNC); `objects` is its key count, which
   * is what Redis adds to the counters for an emptied dictionary.
   */
  freeMany(holder: unknown, objects: number): void {
    if (objects > 0) this.enqueue(holder, objects);
  }

  /** Zeroes lazyfreed_objects (CONFIG RESETSTAT). */
  resetStats(): void {
    this.freed = 0;
  }

  private enqueue(holder: unknown, objects: number): void {
    this.queue.push(holder);
    this.pending += objects;
    this.queuedCount += objects;
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.release);
    }
  }

  private readonly release = (): void => {
    // Dropping the references is the whole job: the GC reclaims the memory incrementally.
    this.queue = [];
    this.pending -= this.queuedCount;
    this.freed += this.queuedCount;
    this.queuedCount = 0;
    this.scheduled = false;
  };
}

const perServer = new WeakMap<object, LazyFree>();

/** The lazy-free state of `server` (e.g. the Engine), created on first use. */
export function lazyFreeOf(server: object): LazyFree {
  let l = perServer.get(server);
  if (l === undefined) {
    l = new LazyFree();
    perServer.set(server, l);
  }
  return l;
}
