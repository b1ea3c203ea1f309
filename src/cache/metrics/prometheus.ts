/**
 * Prometheus export through prom-client, which the user passes in (no import: prom-client stays
 * the user's dependency, at the user's version). Metrics are registered as collectors that read
 * the caches' counters when the registry is scraped.
 */
import { collect, COUNTER_FAMILIES, loaderHistogram, type StatsSource } from './export.js';

/** The part of a prom-client Registry used (registerMetric, removeSingleMetric). */
export interface PromRegistryLike {
  registerMetric(metric: unknown): void;
  removeSingleMetric(name: string): void;
}

export interface PrometheusOptions {
  /** Metric name prefix. Default 'sonic_cache_'. */
  prefix?: string;
}

/**
 * Registers the counters of `caches` (a list, or a function returning the current list) in
 * `registry`. Returns a function that unregisters them.
 */
export function bindPrometheus(registry: PromRegistryLike, caches: readonly StatsSource[] | (() => readonly StatsSource[]), options: PrometheusOptions = {}): () => void {
  const prefix = options.prefix ?? 'sonic_cache_';
  const list = typeof caches === 'function' ? caches : () => caches;
  const names: string[] = [];
  for (const f of COUNTER_FAMILIES) {
    const name = `${prefix}${f.name}_total`;
    names.push(name);
    registry.registerMetric({
      name,
      help: f.help,
      type: 'counter',
      aggregator: 'sum',
      get: async () => ({ name, help: f.help, type: 'counter', aggregator: 'sum', values: collect(f, list()) }),
    });
  }
  const hname = `${prefix}loader_duration_seconds`;
  const help = 'Loader call latency.';
  names.push(hname);
  registry.registerMetric({
    name: hname,
    help,
    type: 'histogram',
    aggregator: 'sum',
    get: async () => ({
      name: hname,
      help,
      type: 'histogram',
      aggregator: 'sum',
      values: loaderHistogram(list()).flatMap((h) => [
        ...h.bounds.map((le, i) => ({ metricName: `${hname}_bucket`, labels: { namespace: h.namespace, le }, value: h.cumulative[i] })),
        { metricName: `${hname}_bucket`, labels: { namespace: h.namespace, le: '+Inf' }, value: h.count },
        { metricName: `${hname}_sum`, labels: { namespace: h.namespace }, value: h.sumSeconds },
        { metricName: `${hname}_count`, labels: { namespace: h.namespace }, value: h.count },
      ]),
    }),
  });
  return () => {
    for (const n of names) registry.removeSingleMetric(n);
  };
}
