/**
 * The sampling side of eviction (Redis's evictionPoolPopulate and dictGetSomeKeys): approximated
 * LRU / LFU / TTL by looking at a few keys at a time and keeping the best candidates seen so far
 * in a small pool that outlives one eviction, so the choice improves across rounds.
 *
 * Sampling: a JS Map has no random access. Redis returns keys of consecutive buckets from a
 * random starting point, which hashing makes a random set of keys. Keys consecutive in a Map's
 * insertion order are not random - they were written at about the same time, so they have about
 * the same idle time, and one window of them can miss every old key. So small maps get a uniform
 * sample (selection sampling over one pass). Big ones are walked by a per-map live iterator
 * advanced by a random skip (mean WALK_MEAN) before each batch, wrapping at the end, as
 * keyspace/random-key.ts does: successive rounds sweep the whole map, so the pool, which
 * outlives a round, sees keys of every age.
 */

/** Entries in the pool (Redis's EVPOOL_SIZE). */
export const POOL_SIZE = 16;
/** Maps up to this size are sampled from an exact random offset. */
const EXACT_LIMIT = 1024;
/** Mean random skip between samples of a big map. */
const WALK_MEAN = 32;

interface PoolEntry {
  /** Higher is a better candidate: idle seconds, 255 - LFU counter, or the inverse TTL. */
  score: number;
  key: string;
  dbid: number;
}

/**
 * Candidates ordered by ascending score (the best last); at most POOL_SIZE. Entries may name keys
 * deleted meanwhile: the taker checks they still exist, as Redis does with its "ghosts".
 */
export class EvictionPool {
  private readonly entries: PoolEntry[] = [];

  get size(): number {
    return this.entries.length;
  }

  /**
   * Offers a candidate. Kept when the pool has room or the candidate beats the worst entry
   * (which then leaves); a key already pooled in the same database takes its new score.
   */
  offer(dbid: number, key: string, score: number): void {
    const e = this.entries;
    for (let i = 0; i < e.length; i++) {
      if (e[i].key === key && e[i].dbid === dbid) {
        e.splice(i, 1);
        break;
      }
    }
    // First position whose score is not below the candidate's: the candidate goes before it.
    let k = 0;
    while (k < e.length && e[k].score < score) k++;
    if (e.length === POOL_SIZE) {
      if (k === 0) return; // no better than the worst of a full pool
      e.splice(k, 0, { score, key, dbid });
      e.shift();
      return;
    }
    e.splice(k, 0, { score, key, dbid });
  }

  /** Removes and returns the best candidate, or undefined when the pool is empty. */
  takeBest(): PoolEntry | undefined {
    return this.entries.pop();
  }

  /** Empties the pool (FLUSHALL, policy changes). */
  clear(): void {
    this.entries.length = 0;
  }

  /** The pooled keys, worst first (tests, debugging). */
  keys(): string[] {
    return this.entries.map((x) => x.key);
  }
}

/** Where sampling continues in one big map. */
interface Walk {
  map: Map<string, unknown>;
  it: Iterator<string>;
}

/** Samples keys of maps; keeps one walk per map object (a replaced map starts a new walk). */
export class KeySampler {
  private readonly walks = new WeakMap<Map<string, unknown>, Walk>();

  constructor(private readonly random: () => number = Math.random) {}

  /** Up to `count` keys of `map` (fewer only when the map has fewer), appended to `out`. */
  sample(map: Map<string, unknown>, count: number, out: string[]): void {
    const n = map.size;
    if (n === 0) return;
    if (n <= count) {
      for (const k of map.keys()) out.push(k);
      return;
    }
    if (n <= EXACT_LIMIT) {
      // Knuth's selection sampling: each key is taken with probability wanted / remaining.
      let remaining = n;
      for (const k of map.keys()) {
        if (this.random() * remaining < count) {
          out.push(k);
          if (--count === 0) return;
        }
        remaining--;
      }
      return;
    }
    let w = this.walks.get(map);
    if (w === undefined) {
      w = { map, it: map.keys() };
      this.walks.set(map, w);
    }
    let skip = Math.floor(this.random() * 2 * WALK_MEAN);
    while (skip-- > 0) this.next(w);
    while (count-- > 0) {
      const k = this.next(w);
      if (k === undefined) return;
      out.push(k);
    }
  }

  private next(w: Walk): string | undefined {
    let r = w.it.next();
    if (r.done === true) {
      w.it = w.map.keys();
      r = w.it.next();
      if (r.done === true) return undefined;
    }
    return r.value;
  }
}
