/**
 * OpenTelemetry export through a Meter the user passes in (from @opentelemetry/api; not imported).
 * The counters are observable counters read in one batch callback at collection time.
 */
import { collect, COUNTER_FAMILIES, loaderHistogram, type StatsSource } from './export.js';

type Attributes = Record<string, string>;
/** The parts of @opentelemetry/api's Meter and its observable results used here. */
export interface MeterLike {
  createObservableCounter(name: string, options?: { description?: string; unit?: string }): object;
  addBatchObservableCallback(cb: (result: { observe(o: object, value: number, attrs?: Attributes): void }) => void, observables: object[]): void;
  removeBatchObservableCallback(cb: (result: { observe(o: object, value: number, attrs?: Attributes): void }) => void, observables: object[]): void;
}

export interface OpenTelemetryOptions {
  /** Instrument name prefix. Default 'sonic.cache.'. */
  prefix?: string;
}

/** Observes the counters of `caches` through `meter`. Returns a function that stops it. */
export function bindOpenTelemetry(meter: MeterLike, caches: readonly StatsSource[] | (() => readonly StatsSource[]), options: OpenTelemetryOptions = {}): () => void {
  const prefix = options.prefix ?? 'sonic.cache.';
  const list = typeof caches === 'function' ? caches : () => caches;
  const counters = COUNTER_FAMILIES.map((f) => ({ f, o: meter.createObservableCounter(`${prefix}${f.name}`, { description: f.help }) }));
  const loaderCount = meter.createObservableCounter(`${prefix}loader.duration.count`, { description: 'Loader calls timed.' });
  const loaderSum = meter.createObservableCounter(`${prefix}loader.duration.sum`, { description: 'Total loader time.', unit: 's' });
  const cb = (result: { observe(o: object, value: number, attrs?: Attributes): void }) => {
    const sources = list();
    for (const { f, o } of counters) for (const s of collect(f, sources)) result.observe(o, s.value, s.labels);
    for (const h of loaderHistogram(sources)) {
      result.observe(loaderCount, h.count, { namespace: h.namespace });
      result.observe(loaderSum, h.sumSeconds, { namespace: h.namespace });
    }
  };
  const observables = [...counters.map((c) => c.o), loaderCount, loaderSum];
  meter.addBatchObservableCallback(cb, observables);
  return () => meter.removeBatchObservableCallback(cb, observables);
}
