/**
 * W-TinyLFU (Einziger, Friedman, Manes): a small LRU window (1% of the budget) in front of a
 * segmented LRU main area (20% probation, 80% protected). A new entry lands in the window; when
 * the window overflows, its oldest entry becomes a candidate for the main area and is admitted
 * only if the frequency sketch says it is used more often than the main area's eviction victim.
 * One-off keys (a scan) thus pass through the window and die there instead of evicting the hot set.
 * A hit in probation promotes the entry to protected; protected overflow demotes to probation.
 */
import { FrequencySketch } from './sketch.js';
import { budgetOf, Counters, defaultSizeOf, Segment, type Budget, type Entry, type L1Options, type L1Stats, type L1Store } from './store.js';

const WINDOW_SHARE = 0.01;
const PROTECTED_SHARE = 0.8;

/** `total * share`, at least 1 (a budget of Infinity stays Infinity). */
function part(total: number, share: number): number {
  return Math.max(1, Math.floor(total * share));
}

export class TinyLfuStore<V> implements L1Store<V> {
  private readonly window = new Segment<V>();
  private readonly probation = new Segment<V>();
  private readonly protected = new Segment<V>();
  private readonly sketch: FrequencySketch;
  private readonly windowBudget: Budget;
  private readonly mainBudget: Budget;
  private readonly protectedBudget: Budget;
  private readonly sizeOf: (key: string, value: V) => number;
  private readonly counters = new Counters();

  constructor(options: Omit<L1Options<V>, 'policy'> = {}) {
    const { maxEntries, maxBytes } = budgetOf(options);
    this.sizeOf = options.sizeOf ?? defaultSizeOf;
    const w = { maxEntries: part(maxEntries, WINDOW_SHARE), maxBytes: part(maxBytes, WINDOW_SHARE) };
    this.windowBudget = w;
    this.mainBudget = { maxEntries: Math.max(1, maxEntries - w.maxEntries), maxBytes: Math.max(1, maxBytes - w.maxBytes) };
    this.protectedBudget = {
      maxEntries: part(this.mainBudget.maxEntries, PROTECTED_SHARE),
      maxBytes: part(this.mainBudget.maxBytes, PROTECTED_SHARE),
    };
    // An unbounded entry count (bytes only) sizes the sketch by a typical entry of ~256 bytes.
    const capacity = Number.isFinite(maxEntries) ? maxEntries : Math.ceil(maxBytes / 256);
    this.sketch = new FrequencySketch(capacity);
  }

  get(key: string, now: number): V | undefined {
    this.sketch.increment(key);
    const seg = this.segmentOf(key);
    const e = seg?.map.get(key);
    if (seg === undefined || e === undefined) {
      this.counters.misses++;
      return undefined;
    }
    if (now >= e.deadline) {
      seg.remove(key);
      this.counters.misses++;
      return undefined;
    }
    this.counters.hits++;
    if (seg === this.probation) {
      seg.remove(key);
      this.protected.add(key, e);
      this.demoteProtected();
    } else {
      seg.touch(key, e);
    }
    return e.value;
  }

  set(key: string, value: V, deadline: number, size = this.sizeOf(key, value)): void {
    // An update keeps the entry in its segment (its frequency has not changed).
    const seg = this.segmentOf(key);
    seg?.remove(key);
    if (size > this.mainBudget.maxBytes) {
      this.counters.rejected++;
      return;
    }
    (seg ?? this.window).add(key, { value, deadline, size });
    this.rebalance();
  }

  delete(key: string): boolean {
    const seg = this.segmentOf(key);
    return seg !== undefined && seg.remove(key) !== undefined;
  }

  clear(): void {
    this.window.clear();
    this.probation.clear();
    this.protected.clear();
  }

  has(key: string): boolean {
    return this.segmentOf(key) !== undefined;
  }

  get size(): number {
    return this.window.size + this.probation.size + this.protected.size;
  }

  get bytes(): number {
    return this.window.bytes + this.probation.bytes + this.protected.bytes;
  }

  stats(): L1Stats {
    return this.counters.snapshot(this.size, this.bytes);
  }

  /** The sketch's estimate for `key` (for tests and diagnostics). */
  frequency(key: string): number {
    return this.sketch.frequency(key);
  }

  private segmentOf(key: string): Segment<V> | undefined {
    if (this.window.map.has(key)) return this.window;
    if (this.probation.map.has(key)) return this.probation;
    if (this.protected.map.has(key)) return this.protected;
    return undefined;
  }

  /** Protected overflow goes back to probation's recent end. */
  private demoteProtected(): void {
    const { maxEntries, maxBytes } = this.protectedBudget;
    while (this.protected.over(maxEntries, maxBytes)) {
      const k = this.protected.oldest()!;
      this.probation.add(k, this.protected.remove(k)!);
    }
  }

  /** Moves window overflow into the main area through admission, then trims the main area. */
  private rebalance(): void {
    this.demoteProtected();
    const w = this.windowBudget;
    while (this.window.over(w.maxEntries, w.maxBytes)) {
      const k = this.window.oldest()!;
      this.admit(k, this.window.remove(k)!);
    }
    this.evictMain(0, 0);
  }

  /** Whether the main area would exceed its budget with `entries` more entries of `bytes`. */
  private mainOver(entries: number, bytes: number): boolean {
    const m = this.mainBudget;
    return (
      this.probation.size + this.protected.size + entries > m.maxEntries ||
      this.probation.bytes + this.protected.bytes + bytes > m.maxBytes
    );
  }

  /** The main area's next eviction victim: probation's oldest, else protected's. */
  private victim(): [Segment<V>, string] | undefined {
    const p = this.probation.oldest();
    if (p !== undefined) return [this.probation, p];
    const q = this.protected.oldest();
    return q === undefined ? undefined : [this.protected, q];
  }

  /** Evicts victims until `entries` more entries of `bytes` fit. */
  private evictMain(entries: number, bytes: number): void {
    while (this.mainOver(entries, bytes)) {
      const v = this.victim();
      if (v === undefined) return;
      v[0].remove(v[1]);
      this.counters.evictions++;
    }
  }

  /** A window candidate enters probation only if it is more frequent than the victim it displaces. */
  private admit(key: string, e: Entry<V>): void {
    if (this.mainOver(1, e.size)) {
      const v = this.victim();
      if (v !== undefined && this.sketch.frequency(key) <= this.sketch.frequency(v[1])) {
        this.counters.rejected++;
        return;
      }
      this.evictMain(1, e.size);
    }
    this.probation.add(key, e);
  }
}
