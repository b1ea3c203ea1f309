/**
 * RANDOMKEY's key picking. A JS Map has no random access (Redis picks a random bucket of its
 * hash table), so:
 *
 * - Small databases (<= EXACT_LIMIT keys): exactly uniform. Skip a uniform random number of
 *   entries from the start; at most EXACT_LIMIT steps, a few microseconds.
 * - Larger ones: a "random walk". Each database keeps one live iterator that advances by a
 *   uniform random skip in [0, 2*WALK_MEAN) per pick, wrapping around at the end. Every key is
 *   equally likely to be picked in the long run (the picks form a renewal process over the
 *   insertion order), at O(WALK_MEAN) cost per call and no extra memory per key; the price is that
 *   consecutive picks are correlated (near each other in insertion order). Keeping a random-access
 *   array of keys would make picks independent but cost 8 bytes per key and work on every
 *   insert/delete, on the hot path, for a command that is rarely used.
 *
 * Expired keys: like Redis, a picked key whose TTL passed is deleted and another is tried. Redis
 * retries without bound (on a primary every retry deletes a key, so it ends); Sonic retries
 * MAX_EXPIRED_TRIES times, then walks the keys in order (deleting expired ones as it goes) and
 * returns the first live key, or null after one full lap. So RANDOMKEY never loops forever, even
 * when expired keys cannot be deleted (clients paused) and every key is expired.
 */
import type { Db } from './db.js';

export const EXACT_LIMIT = 1024;
const WALK_MEAN = 32;
const MAX_EXPIRED_TRIES = 100;

interface Walker {
  generation: number;
  it: Iterator<string>;
}

const walkers = new WeakMap<Db, Walker>();

/** The next key of `db`'s walker, wrapping around; undefined only when the db is empty. */
function walkNext(db: Db, w: Walker): string | undefined {
  let r = w.it.next();
  if (r.done === true) {
    w.it = db.keys();
    r = w.it.next();
    if (r.done === true) return undefined;
  }
  return r.value;
}

function walkerOf(db: Db): Walker {
  let w = walkers.get(db);
  if (w === undefined || w.generation !== db.generation) {
    w = { generation: db.generation, it: db.keys() };
    walkers.set(db, w);
  }
  return w;
}

/** A key of `db` chosen at random (possibly expired: the caller checks). */
function pick(db: Db, random: () => number): string | undefined {
  const n = db.size;
  if (n === 0) return undefined;
  if (n <= EXACT_LIMIT) {
    let skip = Math.floor(random() * n);
    for (const k of db.keys()) if (skip-- === 0) return k;
    return undefined;
  }
  const w = walkerOf(db);
  let skip = Math.floor(random() * 2 * WALK_MEAN);
  let k = walkNext(db, w);
  while (skip-- > 0 && k !== undefined) k = walkNext(db, w);
  return k;
}

/**
 * A random live key of `db`, or null when it has none. Expired keys met on the way are deleted
 * (through db.expireIfNeeded, so stats and hooks run) as Redis's dbRandomKey does.
 */
export function randomKey(db: Db, random: () => number = Math.random): string | null {
  for (let tries = 0; tries < MAX_EXPIRED_TRIES; tries++) {
    const k = pick(db, random);
    if (k === undefined) return null;
    if (!db.expireIfNeeded(k)) return k;
  }
  // Mostly expired keys: walk them in order, at most one lap.
  const w = walkerOf(db);
  for (let left = db.size; left > 0; left--) {
    const k = walkNext(db, w);
    if (k === undefined) return null;
    if (!db.expireIfNeeded(k)) return k;
  }
  return null;
}
