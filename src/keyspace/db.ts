/**
 * One logical database: the key -> value map, the key -> expiry map (only keys with a TTL, like
 * Redis's `expires` dict) and per-key access times for OBJECT IDLETIME and LRU eviction.
 * Expired keys are removed lazily here, on access, and actively by keyspace/active-expire.ts.
 */
import type { Value } from '../types/value.js';
import type { Clock } from '../util/clock.js';
import type { DbWaits } from './blocking.js';
import { touchAllWatchedKeysInDb, touchWatchedKey, type WatchedKey } from './watched-keys.js';
import { Notify } from '../config/special.js';
import { lfuInitField, lfuTouched, type LfuClock } from './lfu.js';

/** What a database needs from the server around it; keeps keyspace/ free of engine imports. */
export interface KeyspaceHooks {
  readonly clock: Clock;
  /**
   * The LRU clock in seconds (see lruSeconds), refreshed by the engine once per read batch and on
   * every cron tick, so stamping an access costs a field read rather than a clock call per key.
   * `lfu` is set while an LFU maxmemory-policy is selected: accesses then update the keys' LFU
   * counters (keyspace/lfu.ts) in the same field instead of stamping a time.
   */
  readonly lruClock: { now: number; lfu?: LfuClock | null };
  /**
   * The time keys expire against: the clock, except while a script runs, when time stands
   * still at the script's start (Redis 7.0), so a key cannot expire midway through a script.
   */
  expiryNow(): number;
  /** A key was found expired and removed (stats, `expired` event, DEL propagation). */
  expired(db: Db, key: string): void;
  /** False while expired keys must be kept (e.g. writes paused): they read as missing but stay. */
  canDeleteExpired(): boolean;
  /** True while a dataset loads: nothing expires then, not even logically (Redis's keyIsExpired). */
  readonly loading: boolean;
  /** keyspace_hits / keyspace_misses accounting for read lookups. */
  hit(found: boolean): void;
  /**
   * The enabled keyspace-notification classes (notify-keyspace-events, as Redis's NOTIFY_*
   * bits); 0 when notifications are off, so the checks below cost one integer test.
   */
  readonly notifyFlags: number;
  /** Publishes a keyspace event raised by the database itself ("new", "keymiss"). */
  keyEvent(db: Db, type: number, event: string, key: string): void;
}

/**
 * Client-side caching (engine/tracking.ts), told of every modified key: by the running client's
 * command, or by expiry (`byExpiry`, which Redis attributes to no client).
 */
export interface KeyInvalidation {
  keyModified(key: string, byExpiry: boolean): void;
}

/**
 * A point-in-time snapshot in progress over this database's contents (persistence/bgsave/):
 * told before any key it may not have written yet changes, so it can keep the value as of its
 * start (copy-before-write at key granularity).
 */
export interface CopyBeforeWrite {
  /** `key` is about to be modified, deleted, expired or overwritten. */
  preserve(key: string): void;
  /**
   * The contents are about to be shared with other maps (a load that merges into copies of
   * them): settle everything the snapshot still needs now.
   */
  preserveAll(): void;
}

/** The keyspace events the database raises itself. */
const NOTIFY_KEY_MISS = Notify.KeyMiss;
const NOTIFY_NEW = Notify.New;

export class Db {
  data = new Map<string, Value>();
  /** Absolute expiry time in ms, for keys that have one. */
  expires = new Map<string, number>();
  /**
   * Last access time of each key holding a plain string, in seconds on the LRU clock (small
   * integers stay unboxed). Object values (collections, mutable strings) carry theirs in an
   * `lru` field instead, which costs far less than a map entry; see stamp()/accessTime().
   * An entry may outlive its string when an object replaced it: readers go through accessTime().
   */
  access = new Map<string, number>();
  /**
   * Access time assumed for keys without an `access` entry: the load time of keys read from an
   * RDB file without LRU info, so loading a million keys costs one map insertion each, not two.
   */
  accessDefault: number | undefined = undefined;
  /** Average TTL estimate reported by INFO keyspace (avg_ttl), as Redis keeps it. */
  avgTtl = 0;
  /**
   * Bumped whenever the whole contents are replaced (clear, swapWith), so iterations that
   * outlive a command (SCAN cursors, RANDOMKEY's walker, active expiry) can tell their iterator
   * belongs to contents that are gone and stop, instead of walking a detached map.
   */
  generation = 0;
  /**
   * The keys clients are blocked on in this database (keyspace/blocking.ts), or null while
   * nobody waits here: then storing a key costs one null check.
   */
  waits: DbWaits | null = null;
  /**
   * WATCHed keys of this database and who watches them (keyspace/watched-keys.ts), or null
   * while nobody watches here: then signalling a modified key costs one null check.
   */
  watched: Map<string, WatchedKey[]> | null = null;
  /**
   * Client-side caching invalidation, or null until a client first enables tracking (as Redis's
   * tracking table, it then stays): signalling a modified key costs one more null check.
   */
  invalidation: KeyInvalidation | null = null;
  /**
   * The snapshot still writing out these contents (BGSAVE, AOF rewrite), or null, which is the
   * rule: then every write path below pays one null check. It travels with the maps (SWAPDB)
   * and is dropped when they are replaced (FLUSHDB): the snapshot keeps the detached maps.
   */
  cow: CopyBeforeWrite | null = null;

  constructor(
    readonly id: number,
    private readonly hooks: KeyspaceHooks,
  ) {}

  get size(): number {
    return this.data.size;
  }

  /** Removes `key` if its TTL has passed. Returns true when the key is (logically) expired. */
  expireIfNeeded(key: string): boolean {
    if (this.expires.size === 0) return false;
    const when = this.expires.get(key);
    if (when === undefined || when > this.hooks.expiryNow() || this.hooks.loading) return false;
    if (!this.hooks.canDeleteExpired()) return true;
    this.removeEntry(key);
    // Redis: deleted, `expired` event, then signalled as modified (by no client).
    this.hooks.expired(this, key);
    if (this.watched !== null) touchWatchedKey(this, key);
    if (this.invalidation !== null) this.invalidation.keyModified(key, true);
    return true;
  }

  /**
   * Deletes `key` for maxmemory eviction, signalled as a modification by no client (WATCH,
   * client-side caching), like an expiry. Returns the removed value, if there was one.
   */
  evict(key: string): Value | undefined {
    const v = this.data.get(key);
    if (v === undefined) return undefined;
    this.removeEntry(key);
    if (this.watched !== null) touchWatchedKey(this, key);
    if (this.invalidation !== null) this.invalidation.keyModified(key, true);
    return v;
  }

  /** Lookup for reading: lazily expires, updates the access time and counts hits/misses. */
  lookupRead(key: string): Value | undefined {
    const v = this.lookupNoCopy(key);
    // Some commands change a collection they looked up for reading (XREADGROUP's PEL, XACK ...):
    // a running snapshot keeps collections first. A plain string cannot change in place.
    if (v !== undefined && this.cow !== null && typeof v !== 'string') this.cow.preserve(key);
    this.hooks.hit(v !== undefined);
    if (v === undefined && (this.hooks.notifyFlags & NOTIFY_KEY_MISS) !== 0) this.hooks.keyEvent(this, NOTIFY_KEY_MISS, 'keymiss', key);
    return v;
  }

  /** Lookup without hit/miss accounting (writes, EXISTS, TYPE ...); still expires and touches. */
  lookup(key: string): Value | undefined {
    const v = this.lookupNoCopy(key);
    // Callers may change the value in place: a running snapshot keeps it first.
    if (v !== undefined && this.cow !== null) this.cow.preserve(key);
    return v;
  }

  /** lookup() without telling a running snapshot. */
  private lookupNoCopy(key: string): Value | undefined {
    if (this.expireIfNeeded(key)) return undefined;
    const v = this.data.get(key);
    if (v !== undefined) {
      const clk = this.hooks.lruClock;
      if (clk.lfu) this.lfuAccess(key, v, clk.lfu);
      else stamp(this.access, key, v, clk.now);
    }
    return v;
  }

  /** An access under an LFU policy: the key's counter decays and counts it (Redis's updateLFU). */
  private lfuAccess(key: string, v: Value, lfu: LfuClock): void {
    stamp(this.access, key, v, lfuTouched(this.fieldOf(key, v, lfu), lfu));
  }

  /** The access field of `key` holding `v` (under LFU, a key without one counts as new). */
  private fieldOf(key: string, v: Value, lfu: LfuClock): number {
    return (typeof v === 'string' ? this.access.get(key) : v.lru) ?? this.accessDefault ?? lfuInitField(lfu);
  }

  /** The field a key stored under LFU gets: an overwritten key keeps its counter (Redis's dbOverwrite). */
  private lfuFieldForSet(key: string, lfu: LfuClock): number {
    const old = this.data.get(key);
    return old === undefined ? lfuInitField(lfu) : this.fieldOf(key, old, lfu);
  }

  /**
   * True if `key` is present but its TTL has passed (Redis's keyIsExpired): nothing is deleted,
   * for commands that must not write (KEYS).
   */
  isExpired(key: string): boolean {
    if (this.expires.size === 0) return false;
    const when = this.expires.get(key);
    return when !== undefined && when <= this.hooks.expiryNow() && !this.hooks.loading;
  }

  /**
   * Live iterator over the key names in insertion order (KEYS, SCAN, RANDOMKEY). Like a Map
   * iterator it survives changes: deleted keys are skipped, added keys come at the end, and a
   * key that is overwritten keeps its place. Expired keys are included (callers filter).
   * Invalidated by clear()/swapWith(): check `generation` before resuming a saved one.
   */
  keys(): IterableIterator<string> {
    return this.data.keys();
  }

  /** Number of keys with a TTL (INFO keyspace expires=, active expiry). */
  get volatileSize(): number {
    return this.expires.size;
  }

  /** Live iterator over [key, expiry ms] of the keys with a TTL (active expiry); same rules as keys(). */
  volatileEntries(): IterableIterator<[string, number]> {
    return this.expires.entries();
  }

  /** Lookup that neither expires, touches nor counts (OBJECT, DEBUG, SCAN filtering). */
  peek(key: string): Value | undefined {
    return this.data.get(key);
  }

  /** True if `key` exists and is not expired (no access-time update). */
  exists(key: string): boolean {
    if (this.expireIfNeeded(key)) return false;
    return this.data.has(key);
  }

  /**
   * The one "key was modified" signal (Redis's signalModifiedKey): every change to a key's value
   * or TTL, its creation and its deletion (expiry included) comes through here. `set`,
   * `replace`, `remove`, `setExpire` and `persist` call it themselves; commands that mutate a
   * collection or string value in place call it once per modified key (next to their
   * `engine.dirty` bump). It breaks WATCHes and invalidates client-side caches. Costs two null
   * checks when nobody watches a key of this database and no client ever enabled tracking.
   */
  signalModified(key: string): void {
    if (this.watched !== null) touchWatchedKey(this, key);
    if (this.invalidation !== null) this.invalidation.keyModified(key, false);
  }

  /**
   * Sets `key` to `v`, dropping any TTL unless `keepTtl`. Every key a command creates goes
   * through here, so this is where blocked clients learn that a key they wait on got a value
   * (Redis signals in dbAdd).
   */
  set(key: string, v: Value, keepTtl = false): void {
    if (this.cow !== null) this.cow.preserve(key);
    const notifying = this.hooks.notifyFlags;
    // Redis's writers look the key up first, deleting it if expired: that deletion counts in
    // expired_keys, propagates as a DEL before the write, and for a key WATCHed while already
    // expired it is what makes the overwrite count as a modification. A live TTL is dropped
    // unless `keepTtl`.
    if (this.expires.size !== 0) {
      const when = this.expires.get(key);
      if (when !== undefined) {
        // (While writes are paused the expired key is kept: its stale TTL must go anyway.)
        if (when > this.hooks.clock.now()) {
          if (!keepTtl) this.expires.delete(key);
        } else if (this.expireIfNeeded(key)) {
          this.expires.delete(key);
        }
      }
    }
    // A key created rather than overwritten raises `new` (Redis's dbAdd).
    const created = (notifying & NOTIFY_NEW) !== 0 && !this.data.has(key);
    const clk = this.hooks.lruClock;
    const field = clk.lfu ? this.lfuFieldForSet(key, clk.lfu) : clk.now;
    this.data.set(key, v);
    if (created) this.hooks.keyEvent(this, NOTIFY_NEW, 'new', key);
    stamp(this.access, key, v, field);
    if (this.waits !== null) this.waits.keyChanged(key);
    if (this.watched !== null) touchWatchedKey(this, key);
    if (this.invalidation !== null) this.invalidation.keyModified(key, false);
  }

  /** Replaces the value of an existing key, keeping its TTL (in-place updates such as INCR). */
  replace(key: string, v: Value): void {
    if (this.cow !== null) this.cow.preserve(key);
    this.data.set(key, v);
    this.signalModified(key);
  }

  /**
   * Stores another representation of the same logical value (a string made mutable, as Redis's
   * dbUnshareStringValue): TTL kept, and no modification is signalled.
   */
  replaceEncoding(key: string, v: Value): void {
    if (this.cow !== null) this.cow.preserve(key);
    const t = this.accessTime(key);
    this.data.set(key, v);
    if (t !== undefined) stamp(this.access, key, v, t);
  }

  /**
   * Deletes `key`; true if it existed (expired-but-present keys count as existing here).
   * Signals the modification after the deletion, as Redis does for expired keys (a key watched
   * while already expired is then merely missing, no change).
   */
  remove(key: string): boolean {
    if (!this.removeEntry(key)) return false;
    this.signalModified(key);
    return true;
  }

  /** Deletes `key` without signalling the modification; true if it existed. */
  private removeEntry(key: string): boolean {
    if (this.cow !== null) this.cow.preserve(key);
    if (!this.data.delete(key)) return false;
    this.access.delete(key);
    if (this.expires.size !== 0) this.expires.delete(key);
    if (this.waits !== null) this.waits.keyChanged(key);
    return true;
  }

  /** True if `key` has an entry, expired or not (no expiry, no access-time update). */
  hasEntry(key: string): boolean {
    return this.data.has(key);
  }

  /** Deletes `key` if it exists and is not expired. */
  delete(key: string): boolean {
    if (this.expireIfNeeded(key)) return false;
    return this.remove(key);
  }

  getExpire(key: string): number | undefined {
    return this.expires.size === 0 ? undefined : this.expires.get(key);
  }

  /** Sets the TTL of an existing key (a modification: EXPIRE breaks a WATCH on it). */
  setExpire(key: string, whenMs: number): void {
    if (this.cow !== null) this.cow.preserve(key);
    this.expires.set(key, whenMs);
    this.signalModified(key);
  }

  /** Removes the TTL of `key`; true if it had one (and then the key counts as modified). */
  persist(key: string): boolean {
    if (this.cow !== null) this.cow.preserve(key);
    if (!this.expires.delete(key)) return false;
    this.signalModified(key);
    return true;
  }

  /** Seconds since the key was last accessed (OBJECT IDLETIME). */
  idleSeconds(key: string): number {
    const t = this.accessTime(key);
    return t === undefined ? 0 : Math.max(0, lruSeconds(this.hooks.clock.now()) - t);
  }

  /** Last access time of `key` on the LRU clock (seconds), or undefined when unknown. */
  accessTime(key: string): number | undefined {
    const v = this.data.get(key);
    if (v === undefined) return undefined;
    return (typeof v === 'string' ? this.access.get(key) : v.lru) ?? this.accessDefault;
  }

  /** Sets the access time of an existing key (RESTORE IDLETIME, RDB loading). */
  setAccessTime(key: string, lru: number): void {
    const v = this.data.get(key);
    if (v !== undefined) stamp(this.access, key, v, lru);
  }

  /** Marks `key` as accessed now (TOUCH): a new access time, or an LFU access. */
  touch(key: string): void {
    const v = this.data.get(key);
    if (v === undefined) return;
    const clk = this.hooks.lruClock;
    if (clk.lfu) this.lfuAccess(key, v, clk.lfu);
    else stamp(this.access, key, v, clk.now);
  }

  /** Empties the database; returns the number of keys removed. */
  clear(): number {
    if (this.watched !== null) touchAllWatchedKeysInDb(this, null);
    const n = this.data.size;
    // A snapshot in progress keeps the detached maps, which nothing changes any more.
    this.cow = null;
    this.data = new Map();
    this.expires = new Map();
    this.access = new Map();
    this.accessDefault = undefined;
    this.avgTtl = 0;
    this.generation++;
    this.waits?.signalAll();
    return n;
  }

  /** Exchanges contents with another database (SWAPDB). */
  swapWith(other: Db): void {
    // WATCHes stay with their database index: a watched key that exists on either side changed.
    if (this.watched !== null) touchAllWatchedKeysInDb(this, other);
    if (other.watched !== null) touchAllWatchedKeysInDb(other, this);
    [this.data, other.data] = [other.data, this.data];
    [this.expires, other.expires] = [other.expires, this.expires];
    [this.access, other.access] = [other.access, this.access];
    [this.accessDefault, other.accessDefault] = [other.accessDefault, this.accessDefault];
    [this.avgTtl, other.avgTtl] = [other.avgTtl, this.avgTtl];
    [this.cow, other.cow] = [other.cow, this.cow];
    this.generation++;
    other.generation++;
    // Blocked clients stay with their database index; keys they wait on may exist now.
    this.waits?.signalAll();
    other.waits?.signalAll();
  }
}

/** Access times count seconds from 2026-01-01 so they stay small integers (unboxed in V8). */
const LRU_EPOCH_S = 1767225600;

/** The LRU clock value for a time in ms. */
export function lruSeconds(ms: number): number {
  return Math.floor(ms / 1000) - LRU_EPOCH_S;
}

/** Records an access time: in the object when the value is one, else in the strings' map. */
export function stamp(access: Map<string, number>, key: string, v: Value, lru: number): void {
  if (typeof v === 'string') access.set(key, lru);
  else v.lru = lru;
}
