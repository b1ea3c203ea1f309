/**
 * The toolkit's counters (docs/cache/DESIGN.md, section 7). Every get-like request ends in exactly
 * one `settle` call, which counts the request and its one outcome in the same synchronous step, so
 * `requests = hitsL1 + hitsL2 + misses (all causes)` holds exactly at any moment.
 */

/** Why a request missed. */
export type MissCause = 'absent' | 'expired' | 'tag';

/** How one request ended. */
export type Outcome = { kind: 'hitL1' } | { kind: 'hitL2' } | { kind: 'miss'; cause: MissCause };

/** Loader latency histogram bucket bounds (ms); the last bucket is everything above. */
export const LOADER_BUCKETS_MS = [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000] as const;

/** A snapshot of the counters (cache.stats()). */
export interface CacheStats {
  requests: number;
  hitsL1: number;
  hitsL2: number;
  misses: Record<MissCause, number>;
  /** A value past its TTL returned because the loader failed or was slow (also counted as a miss). */
  staleServed: number;
  loaderCalls: number;
  loaderErrors: number;
  loaderTimeouts: number;
  /** Fills the server refused because an invalidation (or a new lease holder) came first. */
  fillsRejected: number;
  /** Background refreshes started (refresh-ahead). */
  refreshes: number;
  invalidationsSent: number;
  invalidationsReceived: number;
  l1Flushes: number;
  /** Cumulative counts per LOADER_BUCKETS_MS bound (plus one for +Inf), and the sum in ms. */
  loaderLatency: { buckets: number[]; count: number; sumMs: number };
}

export class Counters {
  private readonly s: CacheStats = {
    requests: 0,
    hitsL1: 0,
    hitsL2: 0,
    misses: { absent: 0, expired: 0, tag: 0 },
    staleServed: 0,
    loaderCalls: 0,
    loaderErrors: 0,
    loaderTimeouts: 0,
    fillsRejected: 0,
    refreshes: 0,
    invalidationsSent: 0,
    invalidationsReceived: 0,
    l1Flushes: 0,
    loaderLatency: { buckets: new Array<number>(LOADER_BUCKETS_MS.length + 1).fill(0), count: 0, sumMs: 0 },
  };

  /** Counts one request and its outcome. */
  settle(o: Outcome): void {
    this.s.requests++;
    if (o.kind === 'miss') this.s.misses[o.cause]++;
    else if (o.kind === 'hitL1') this.s.hitsL1++;
    else this.s.hitsL2++;
  }

  add(name: Exclude<keyof CacheStats, 'requests' | 'hitsL1' | 'hitsL2' | 'misses' | 'loaderLatency'>, n = 1): void {
    this.s[name] += n;
  }

  loaderLatency(ms: number): void {
    const h = this.s.loaderLatency;
    h.count++;
    h.sumMs += ms;
    let i = LOADER_BUCKETS_MS.findIndex((b) => ms <= b);
    if (i < 0) i = LOADER_BUCKETS_MS.length;
    for (; i < h.buckets.length; i++) h.buckets[i]++;
  }

  snapshot(): CacheStats {
    return structuredClone(this.s);
  }
}
