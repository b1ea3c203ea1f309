/**
 * A map from byte-string keys to values that also keeps its keys in byte order: the role Redis's
 * radix trees play for stream consumer groups, consumers and pending-entries lists (PELs, keyed by
 * the 16-byte big-endian form of an ID, see stream-id.ts's idKey, so byte order is ID order).
 *
 * Values live in a Map (O(1) lookup); the order is a list of sorted chunks of at most CHUNK keys,
 * so insertions and deletions cost O(log n + CHUNK) wherever they land, and appending past the
 * greatest key - how PELs usually grow - is O(1). Walking uses keys, not cursors (ceiling /
 * higher), so it stays valid while the map changes under it.
 */

const CHUNK = 128;

export class SortedMap<V> {
  private readonly map = new Map<string, V>();
  /** Sorted, non-empty chunks; every key of chunk i is below every key of chunk i + 1. */
  private chunks: string[][] = [];

  get size(): number {
    return this.map.size;
  }

  get(key: string): V | undefined {
    return this.map.get(key);
  }

  has(key: string): boolean {
    return this.map.has(key);
  }

  /** Sets `key` to `value`; returns true if the key is new. */
  set(key: string, value: V): boolean {
    const m = this.map;
    const before = m.size;
    m.set(key, value);
    if (m.size === before) return false;
    const chunks = this.chunks;
    const n = chunks.length;
    if (n === 0) {
      chunks.push([key]);
      return true;
    }
    const last = chunks[n - 1];
    if (key > last[last.length - 1]) {
      if (last.length < CHUNK) last.push(key);
      else chunks.push([key]);
      return true;
    }
    const ci = this.chunkFor(key);
    const c = chunks[ci];
    c.splice(lowerBound(c, key), 0, key);
    if (c.length > CHUNK) chunks.splice(ci + 1, 0, c.splice(CHUNK >> 1));
    return true;
  }

  /** Removes `key`; returns true if it was there. */
  delete(key: string): boolean {
    if (!this.map.delete(key)) return false;
    const ci = this.chunkFor(key);
    const c = this.chunks[ci];
    c.splice(lowerBound(c, key), 1);
    if (c.length === 0) this.chunks.splice(ci, 1);
    return true;
  }

  /** The smallest key, or undefined when empty. */
  first(): string | undefined {
    return this.chunks.length === 0 ? undefined : this.chunks[0][0];
  }

  /** The greatest key, or undefined when empty. */
  last(): string | undefined {
    const n = this.chunks.length;
    if (n === 0) return undefined;
    const c = this.chunks[n - 1];
    return c[c.length - 1];
  }

  /** The smallest key >= `key`, or undefined. */
  ceiling(key: string): string | undefined {
    return this.seek(key, false);
  }

  /** The smallest key > `key`, or undefined. */
  higher(key: string): string | undefined {
    return this.seek(key, true);
  }

  /** Keys in order, from the first >= `from` (all when omitted); stop early by returning false. */
  forEachFrom(from: string | undefined, visit: (key: string, value: V) => boolean | void): void {
    const chunks = this.chunks;
    let ci = 0;
    let i = 0;
    if (from !== undefined && chunks.length !== 0) {
      ci = this.chunkFor(from);
      i = lowerBound(chunks[ci], from);
    }
    for (; ci < chunks.length; ci++, i = 0) {
      const c = chunks[ci];
      for (; i < c.length; i++) if (visit(c[i], this.map.get(c[i])!) === false) return;
    }
  }

  /** Every value, in key order. */
  values(): V[] {
    const out: V[] = [];
    for (const c of this.chunks) for (const k of c) out.push(this.map.get(k)!);
    return out;
  }

  /** Every key, in order. */
  keys(): string[] {
    return this.chunks.flat();
  }

  private seek(key: string, strict: boolean): string | undefined {
    const chunks = this.chunks;
    if (chunks.length === 0) return undefined;
    let ci = this.chunkFor(key);
    let c = chunks[ci];
    let i = lowerBound(c, key);
    if (strict && i < c.length && c[i] === key) i++;
    if (i === c.length) {
      if (++ci === chunks.length) return undefined;
      c = chunks[ci];
      i = 0;
    }
    return c[i];
  }

  /** Index of the chunk that holds, or would hold, `key`. */
  private chunkFor(key: string): number {
    const chunks = this.chunks;
    let lo = 0;
    let hi = chunks.length - 1;
    // The last chunk whose first key is <= key (chunk 0 if none).
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (chunks[mid][0] <= key) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

/** Index of the first element of sorted `a` that is >= `key`. */
function lowerBound(a: readonly string[], key: string): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
