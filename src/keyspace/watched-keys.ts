/**
 * WATCH bookkeeping (optimistic locking for MULTI/EXEC), after Redis 7.0's multi.c.
 *
 * Each database maps a watched key to the watches on it ({@link Db.watched}, null while nobody
 * watches there, so the write path pays one null check); each client keeps its own list
 * ({@link WatchList}) so UNWATCH, EXEC and disconnection drop its watches without a scan.
 *
 * A watch breaks ("dirty CAS": the next EXEC replies a null array) when its key is modified:
 * {@link touchWatchedKey}, called from Db's one "key was modified" signal, and
 * {@link touchAllWatchedKeysInDb} for FLUSHDB/FLUSHALL/SWAPDB. Redis 7.0 also treats a key that
 * expires as modified, with one subtlety kept here: a key that was already logically expired
 * (present but past its TTL) when WATCHed is remembered as such, and its later deletion is no
 * change; EXEC checks whether a key that was live at WATCH time has expired meanwhile
 * ({@link WatchList.anyExpired}).
 */
import type { Db } from './db.js';

/** One client's watch of one key in one database (Redis's watchedKey). */
export class WatchedKey {
  constructor(
    readonly db: Db,
    readonly key: string,
    readonly owner: WatchList,
    /** The key was present but logically expired when WATCHed. */
    public expired: boolean,
  ) {}
}

/** Bytes Redis counts per watched key in CLIENT LIST multi-mem (a list node + a watchedKey). */
export const WATCHED_KEY_BYTES = 24 + 32;

/** The keys one client watches, and whether one of them was modified (flag 'd'). */
export class WatchList {
  /** The client's watches, in WATCH order. */
  readonly keys: WatchedKey[] = [];
  /** A watched key was modified: the next EXEC fails (Redis's CLIENT_DIRTY_CAS). */
  dirty = false;

  /** Watches `key` of `db`, once per (db, key). */
  watch(db: Db, key: string): void {
    for (const wk of this.keys) if (wk.db === db && wk.key === key) return;
    const wk = new WatchedKey(db, key, this, db.isExpired(key));
    this.keys.push(wk);
    let map = db.watched;
    if (map === null) map = db.watched = new Map();
    const list = map.get(key);
    if (list === undefined) map.set(key, [wk]);
    else list.push(wk);
  }

  /** Drops every watch (the dirty flag is the caller's business, as in Redis). */
  unwatchAll(): void {
    const keys = this.keys;
    for (let i = 0; i < keys.length; i++) {
      const wk = keys[i];
      const map = wk.db.watched;
      const list = map?.get(wk.key);
      if (map == null || list === undefined) continue;
      const at = list.indexOf(wk);
      if (at >= 0) list.splice(at, 1);
      if (list.length === 0) {
        map.delete(wk.key);
        if (map.size === 0) wk.db.watched = null;
      }
    }
    keys.length = 0;
  }

  /** True when a key that was live at WATCH time is now logically expired (checked by EXEC). */
  anyExpired(): boolean {
    for (const wk of this.keys) {
      if (!wk.expired && wk.db.isExpired(wk.key)) return true;
    }
    return false;
  }
}

/**
 * `key` of `db` was modified (Redis's touchWatchedKey): every client watching it gets the dirty
 * flag and stops watching anything (nothing it watches matters any more).
 */
export function touchWatchedKey(db: Db, key: string): void {
  const list = db.watched?.get(key);
  if (list === undefined) return;
  // Marking a client dirty unwatches all its keys, which edits `list`: walk a copy.
  for (const wk of list.slice()) {
    if (wk.expired) {
      // Watched while already expired: its deletion changes nothing logically (and the key is
      // now an ordinary missing key).
      if (!db.hasEntry(key)) {
        wk.expired = false;
        continue;
      }
      // Redis 7.0.15 stops here (the remaining watchers of this key are not flagged either).
      break;
    }
    wk.owner.dirty = true;
    wk.owner.unwatchAll();
  }
}

/**
 * The whole contents of `emptied` are about to go (FLUSHDB, FLUSHALL) or be exchanged with
 * `replacedWith` (SWAPDB): flags the watchers of keys that exist in either, except where the
 * change is between "expired" and "missing", which is no logical change (Redis's
 * touchAllWatchedKeysInDb).
 */
export function touchAllWatchedKeysInDb(emptied: Db, replacedWith: Db | null): void {
  const map = emptied.watched;
  if (map === null) return;
  for (const [key, list] of map) {
    const existsInEmptied = emptied.hasEntry(key);
    const existsInOther = replacedWith !== null && replacedWith.hasEntry(key);
    if (!existsInEmptied && !existsInOther) continue;
    for (const wk of list) {
      if (wk.expired) {
        if (!existsInOther) {
          // The expired key goes and nothing comes: no logical change.
          wk.expired = false;
          continue;
        }
        // Replaced by a key that is expired as well: still no change.
        if (replacedWith!.isExpired(key)) continue;
      } else if (!existsInEmptied && replacedWith!.isExpired(key)) {
        // A missing key replaced by an expired one: no change, but now watched as expired.
        wk.expired = true;
        continue;
      }
      // Unlike touchWatchedKey, Redis leaves the client's watches in place here.
      wk.owner.dirty = true;
    }
  }
}
