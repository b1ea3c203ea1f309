/**
 * The counters as exported metrics: one description shared by the Prometheus and OpenTelemetry
 * bindings, read from stats() snapshots at scrape time (nothing is paid per request).
 */
import { LOADER_BUCKETS_MS, type CacheStats } from './counters.js';

/** Anything with a namespace and stats(): a Cache. */
export interface StatsSource {
  readonly namespace: string;
  stats(): CacheStats;
}

export interface Sample {
  readonly labels: Record<string, string>;
  readonly value: number;
}

export interface CounterFamily {
  /** Base name without prefix or unit suffix, e.g. 'requests'. */
  readonly name: string;
  readonly help: string;
  samples(s: CacheStats): { labels: Record<string, string>; value: number }[];
}

const one = (pick: (s: CacheStats) => number) => (s: CacheStats) => [{ labels: {}, value: pick(s) }];

export const COUNTER_FAMILIES: readonly CounterFamily[] = [
  { name: 'requests', help: 'Get-like requests (each one is exactly one hit or miss).', samples: one((s) => s.requests) },
  {
    name: 'hits',
    help: 'Requests answered from a cache tier.',
    samples: (s) => [
      { labels: { tier: 'l1' }, value: s.hitsL1 },
      { labels: { tier: 'l2' }, value: s.hitsL2 },
    ],
  },
  {
    name: 'misses',
    help: 'Requests that found no fresh value, by cause.',
    samples: (s) => Object.entries(s.misses).map(([cause, value]) => ({ labels: { cause }, value })),
  },
  { name: 'stale_served', help: 'Grace copies served because the loader failed or was slow.', samples: one((s) => s.staleServed) },
  { name: 'loader_calls', help: 'Loader calls.', samples: one((s) => s.loaderCalls) },
  { name: 'loader_errors', help: 'Loader calls that failed.', samples: one((s) => s.loaderErrors) },
  { name: 'loader_timeouts', help: 'Loader calls past the hard timeout.', samples: one((s) => s.loaderTimeouts) },
  { name: 'fills_rejected', help: 'Fills refused because an invalidation came first.', samples: one((s) => s.fillsRejected) },
  { name: 'refreshes', help: 'Background refreshes started (refresh-ahead).', samples: one((s) => s.refreshes) },
  { name: 'invalidations_sent', help: 'Invalidations this process sent.', samples: one((s) => s.invalidationsSent) },
  { name: 'invalidations_received', help: 'Invalidation messages received for the in-process tier.', samples: one((s) => s.invalidationsReceived) },
  { name: 'l1_flushes', help: 'Times the in-process tier was emptied (connection loss, stale channel).', samples: one((s) => s.l1Flushes) },
];

/** Every source's samples of one family, with its namespace label. */
export function collect(family: CounterFamily, sources: readonly StatsSource[]): Sample[] {
  return sources.flatMap((c) => family.samples(c.stats()).map((x) => ({ labels: { namespace: c.namespace, ...x.labels }, value: x.value })));
}

/** Loader latency as a cumulative histogram (seconds), per namespace. */
export function loaderHistogram(sources: readonly StatsSource[]): { namespace: string; bounds: number[]; cumulative: number[]; count: number; sumSeconds: number }[] {
  return sources.map((c) => {
    const h = c.stats().loaderLatency;
    return { namespace: c.namespace, bounds: LOADER_BUCKETS_MS.map((ms) => ms / 1000), cumulative: h.buckets, count: h.count, sumSeconds: h.sumMs / 1000 };
  });
}
