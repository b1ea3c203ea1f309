/**
 * SCAN-family cursors over insertion-ordered JS Maps/Sets (the keyspace, and later SSCAN, HSCAN,
 * ZSCAN over hashtable-encoded collections).
 *
 * Redis's cursor is a position in a hash table walked in reverse-binary bucket order, which is
 * what lets it survive rehashing. A JS Map has no addressable positions, but its iterators are
 * live: they survive any mutation of the Map, skip entries deleted before they are reached, visit
 * entries added later at the end, and a key overwritten in place keeps its position. So a scan
 * here is a saved Map iterator, and the cursor handed to the client is a random number naming it
 * in a bounded registry (LRU).
 *
 * Guarantee (the one Redis documents): every element present from the start to the end of a
 * full iteration is returned at least once. Elements added or removed meanwhile may or may not
 * be returned.
 *
 * - Termination under write load: an iteration visits at most as many entries as the collection
 *   held when it started. Every element present throughout lies in the insertion order before
 *   everything added after the start, and at most `size at start` entries precede that boundary,
 *   so the budget never cuts a guaranteed element off, while a writer adding new keys faster
 *   than the scan reads them cannot keep it running forever.
 * - Unknown cursors (evicted from the registry, made up, from before a restart, or used against
 *   another database or a replaced collection) are accepted, as Redis accepts any unsigned 64-bit
 *   cursor, and RESTART the iteration from the beginning. The client may see elements twice
 *   (allowed: Redis duplicates too), but never silently misses one; ending the iteration instead
 *   would break the guarantee. The registry holds 4096 iterations, so this only happens with
 *   thousands of concurrent scans, a server restart, or a fabricated cursor.
 * - When the collection is replaced wholesale (FLUSHDB, SWAPDB, a key's value replaced by a new
 *   object), the owner/version check fails, so the cursor counts as unknown and the iteration
 *   restarts on the new contents; FLUSHDB/SWAPDB also drop the saved iterators (forget()) so a
 *   detached map is not kept alive by them.
 * - The element read ahead (see ScanIteration) was read during an earlier command: callers must
 *   check that each element still exists before returning it.
 */
import { cString } from '../util/bytes.js';

/** Most saved iterations; the least recently used one is dropped beyond this. */
export const DEFAULT_CURSOR_CAPACITY = 4096;

/** Cursors are random integers in [1, 2^53): exact in a double, never 0 ("start"/"done"). */
const CURSOR_SPACE = 2 ** 53 - 1;

/**
 * One iteration in progress: a live iterator plus the budget and one element of lookahead (so
 * the last batch can say "done" with cursor 0 instead of costing the client an extra round trip).
 */
export class ScanIteration<T> {
  /** Element read ahead by hasMore() and not yet returned. */
  private pending: T | undefined = undefined;
  private hasPending = false;
  private done = false;

  /**
   * @param owner the collection iterated (its identity is checked when the cursor comes back)
   * @param version the owner's version at the start (e.g. Db.generation), checked the same way
   * @param iterator a live iterator over the collection, in insertion order
   * @param budget most entries to visit: the collection's size at the start
   */
  constructor(
    readonly owner: object,
    readonly version: number,
    private readonly iterator: Iterator<T>,
    private budget: number,
  ) {}

  /** The next element, or undefined when the iteration is over. */
  next(): T | undefined {
    if (this.hasPending) {
      this.hasPending = false;
      const v = this.pending as T;
      this.pending = undefined;
      return v;
    }
    if (this.done) return undefined;
    if (this.budget <= 0) {
      this.done = true;
      return undefined;
    }
    const r = this.iterator.next();
    if (r.done === true) {
      this.done = true;
      return undefined;
    }
    this.budget--;
    return r.value;
  }

  /** True if another element follows (reads it ahead; next() returns it). */
  hasMore(): boolean {
    if (this.hasPending) return true;
    const v = this.next();
    if (v === undefined) return false;
    this.pending = v;
    this.hasPending = true;
    return true;
  }
}

/** A registry of iterations in progress, keyed by the cursor numbers handed to clients. */
export class ScanCursors {
  private readonly saved = new Map<number, ScanIteration<unknown>>();

  constructor(
    readonly capacity = DEFAULT_CURSOR_CAPACITY,
    private readonly random: () => number = Math.random,
  ) {}

  /** Number of saved iterations (for tests and INFO-like introspection). */
  get size(): number {
    return this.saved.size;
  }

  /**
   * Takes the iteration saved under `cursor` if it belongs to `owner` at `version`; it leaves the
   * registry (a cursor is used once; the next batch gets a new one). Undefined when unknown.
   */
  take<T>(cursor: bigint, owner: object, version: number): ScanIteration<T> | undefined {
    if (cursor <= 0n || cursor > BigInt(CURSOR_SPACE)) return undefined;
    const id = Number(cursor);
    const it = this.saved.get(id);
    if (it === undefined) return undefined;
    this.saved.delete(id);
    if (it.owner !== owner || it.version !== version) return undefined;
    return it as ScanIteration<T>;
  }

  /** Saves an iteration that has more to return; returns the cursor naming it. */
  save(it: ScanIteration<unknown>): number {
    let id: number;
    do {
      id = 1 + Math.floor(this.random() * CURSOR_SPACE);
    } while (id > CURSOR_SPACE || this.saved.has(id));
    this.saved.set(id, it);
    if (this.saved.size > this.capacity) {
      // Map order is insertion order and entries are re-inserted on every use: the first is the LRU.
      const oldest = this.saved.keys().next().value as number;
      this.saved.delete(oldest);
    }
    return id;
  }

  /** Drops every iteration over `owner` (its contents were replaced), releasing their iterators. */
  forget(owner: object): void {
    for (const [id, it] of this.saved) if (it.owner === owner) this.saved.delete(id);
  }

  clear(): void {
    this.saved.clear();
  }
}

/**
 * The iteration a SCAN-family command continues: the saved one for `cursor`, or (cursor 0, or an
 * unknown cursor) a new one over `iterate()` with a budget of `size` entries.
 *
 * Typical use by SSCAN/HSCAN/ZSCAN over a hashtable-encoded collection `coll` (owner = the object
 * holding the live Map/Set, so replacing the key's value invalidates old cursors):
 *
 *     const it = resumeOrStart(scanCursorsOf(c.engine), cursor, coll, 0, () => coll.members.keys(), coll.members.size);
 *     for (let n = 0; n < count; n++) { const m = it.next(); if (m === undefined) break; ...filter, check still present... }
 *     const next = it.hasMore() ? String(scanCursorsOf(c.engine).save(it)) : '0';
 *
 * (Small listpack/intset-encoded collections can still reply everything at once with cursor 0,
 * as Redis does.)
 */
export function resumeOrStart<T>(
  registry: ScanCursors,
  cursor: bigint,
  owner: object,
  version: number,
  iterate: () => Iterator<T>,
  size: number,
): ScanIteration<T> {
  const saved = cursor === 0n ? undefined : registry.take<T>(cursor, owner, version);
  return saved ?? new ScanIteration<T>(owner, version, iterate(), size);
}

/** One registry per server (engine), created on first use. */
const registries = new WeakMap<object, ScanCursors>();

/** The cursor registry of `server` (any object standing for the server, e.g. the Engine). */
export function scanCursorsOf(server: object): ScanCursors {
  let r = registries.get(server);
  if (r === undefined) {
    r = new ScanCursors();
    registries.set(server, r);
  }
  return r;
}

/**
 * Parses a SCAN cursor as Redis does (strtoul): decimal, optional sign (a negative number wraps
 * modulo 2^64), no leading space, nothing after the digits, at most 2^64-1; the argument ends at a
 * NUL byte, and the empty string is cursor 0. Returns null when invalid ("ERR invalid cursor").
 */
export function parseCursor(arg: string): bigint | null {
  const s = cString(arg);
  if (s.length === 0) return 0n;
  const first = s.charCodeAt(0);
  // isspace: space, \t \n \v \f \r.
  if (first === 32 || (first >= 9 && first <= 13)) return null;
  let i = 0;
  let negative = false;
  if (first === 43 || first === 45) {
    negative = first === 45;
    i = 1;
  }
  if (i === s.length) return null; // a lone sign converts nothing: the "rest" is the whole string
  let v = 0n;
  for (; i < s.length; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return null;
    v = v * 10n + BigInt(d);
  }
  if (v > 0xffffffffffffffffn) return null; // ERANGE
  return negative && v !== 0n ? (1n << 64n) - v : v;
}
