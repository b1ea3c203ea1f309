/**
 * Plain LRU within an entry and a byte budget: the least recently read or written entry goes
 * first. Cheap and predictable; its weakness is that one pass over many cold keys (a scan, a
 * crawler) evicts the hot set, which is what the TinyLFU policy is for.
 */
import { budgetOf, Counters, defaultSizeOf, Segment, type Budget, type L1Options, type L1Stats, type L1Store } from './store.js';

export class LruStore<V> implements L1Store<V> {
  private readonly seg = new Segment<V>();
  private readonly budget: Budget;
  private readonly sizeOf: (key: string, value: V) => number;
  private readonly counters = new Counters();

  constructor(options: Omit<L1Options<V>, 'policy'> = {}) {
    this.budget = budgetOf(options);
    this.sizeOf = options.sizeOf ?? defaultSizeOf;
  }

  get(key: string, now: number): V | undefined {
    const e = this.seg.map.get(key);
    if (e === undefined) {
      this.counters.misses++;
      return undefined;
    }
    if (now >= e.deadline) {
      this.seg.remove(key);
      this.counters.misses++;
      return undefined;
    }
    this.seg.touch(key, e);
    this.counters.hits++;
    return e.value;
  }

  set(key: string, value: V, deadline: number, size = this.sizeOf(key, value)): void {
    this.seg.remove(key);
    if (size > this.budget.maxBytes) {
      this.counters.rejected++;
      return;
    }
    this.seg.add(key, { value, deadline, size });
    const { maxEntries, maxBytes } = this.budget;
    while (this.seg.over(maxEntries, maxBytes)) {
      this.seg.remove(this.seg.oldest()!);
      this.counters.evictions++;
    }
  }

  delete(key: string): boolean {
    return this.seg.remove(key) !== undefined;
  }

  clear(): void {
    this.seg.clear();
  }

  has(key: string): boolean {
    return this.seg.map.has(key);
  }

  get size(): number {
    return this.seg.size;
  }

  get bytes(): number {
    return this.seg.bytes;
  }

  stats(): L1Stats {
    return this.counters.snapshot(this.seg.size, this.seg.bytes);
  }
}
