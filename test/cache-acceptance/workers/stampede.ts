/**
 * A stampede test worker (a separate process): its own ioredis connection and toolkit, firing
 * `concurrency` getOrSet calls at once on the key the parent names, with a slow loader.
 */
import { Redis } from 'ioredis';
import { serveWorker } from '../../../src/cache/testing/processes.js';
import { createToolkit } from '../../../src/cache/toolkit.js';
import type { Cache } from '../../../src/cache/patterns/cache.js';
import { LoaderError } from '../../../src/cache/errors.js';

interface Init {
  kind: 'init';
  url: string;
  namespace: string;
}
interface Run {
  kind: 'run';
  key: string;
  concurrency: number;
  loaderMs: number;
  fail: boolean;
}
export interface RunResult {
  loaderCalls: number;
  values: number;
  errors: number;
  other: string[];
  /** Longest time a call took, ms. */
  maxMs: number;
}

let cache: Cache<string> | null = null;
let redis: Redis | null = null;

serveWorker(async (p) => {
  const m = p as Init | Run;
  if (m.kind === 'init') {
    redis = new Redis(m.url, { maxRetriesPerRequest: null });
    cache = createToolkit({ client: redis }).cache<string>(m.namespace, { hardTimeout: 5000 });
    return 'ready';
  }
  let loaderCalls = 0;
  const loader = async (key: string) => {
    loaderCalls++;
    await new Promise((r) => setTimeout(r, m.loaderMs));
    if (m.fail) throw new Error(`source failed for ${key}`);
    return `value of ${key}`;
  };
  const t0 = performance.now();
  let maxMs = 0;
  const settled = await Promise.allSettled(
    Array.from({ length: m.concurrency }, () =>
      cache!.getOrSet(m.key, loader).finally(() => (maxMs = Math.max(maxMs, performance.now() - t0))),
    ),
  );
  const r: RunResult = { loaderCalls, values: 0, errors: 0, other: [], maxMs };
  for (const s of settled) {
    if (s.status === 'fulfilled' && s.value === `value of ${m.key}`) r.values++;
    else if (s.status === 'rejected' && s.reason instanceof LoaderError && s.reason.message === `source failed for ${m.key}`) r.errors++;
    else r.other.push(s.status === 'fulfilled' ? `value ${String(s.value)}` : String(s.reason));
  }
  return r;
});
