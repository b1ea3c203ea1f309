/**
 * The counters' identity (requests = L1 hits + L2 hits + misses, exactly) after a random workload
 * with loader errors, timeouts, invalidations and concurrent callers; and their export through
 * prom-client and the OpenTelemetry metrics SDK, read at scrape time.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { MeterProvider, MetricReader, AggregationTemporality, InstrumentType } from '@opentelemetry/sdk-metrics';
import { createToolkit } from '../../src/cache/toolkit.js';
import { bindPrometheus } from '../../src/cache/metrics/prometheus.js';
import { bindOpenTelemetry } from '../../src/cache/metrics/otel.js';
import type { Cache } from '../../src/cache/patterns/cache.js';
import { startTestServer, type TestServer } from '../../src/cache/testing/test-server.js';
import { prng } from '../helpers/prng.js';

class TestReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: (_t: InstrumentType) => AggregationTemporality.CUMULATIVE });
  }
  protected async onShutdown(): Promise<void> {}
  protected async onForceFlush(): Promise<void> {}
}

describe('cache metrics', () => {
  let server: TestServer;
  let cache: Cache<number>;
  before(async () => {
    server = await startTestServer();
    cache = createToolkit({ client: server.adapter() }).cache<number>('m', { grace: '1m', hardTimeout: 30, negativeTtl: '1m' });
  });
  after(async () => {
    await cache.close();
    await server.close();
  });

  it('requests = hits + misses exactly, after a random workload with faults', async () => {
    const rnd = prng(11);
    const pending: Promise<unknown>[] = [];
    for (let i = 0; i < 600; i++) {
      const key = `k${Math.floor(rnd() * 20)}`;
      const r = rnd();
      if (r < 0.5) {
        pending.push(
          cache
            .getOrSet(key, async () => {
              const f = rnd();
              if (f < 0.1) throw new Error('flaky');
              if (f < 0.15) await new Promise((res) => setTimeout(res, 60)); // past the hard timeout
              if (f < 0.2) return undefined;
              return i;
            }, { tags: rnd() < 0.3 ? ['t'] : [] })
            .catch(() => undefined),
        );
      } else if (r < 0.7) pending.push(cache.get(key));
      else if (r < 0.8) pending.push(cache.getMany([key, `k${Math.floor(rnd() * 20)}`], async (ks) => ks.map(() => i)).catch(() => undefined));
      else if (r < 0.88) pending.push(cache.expire(key));
      else if (r < 0.94) pending.push(cache.delete(key));
      else pending.push(cache.invalidateTags(['t']));
      if (rnd() < 0.3) await Promise.all(pending.splice(0));
    }
    await Promise.all(pending);
    const s = cache.stats();
    assert.ok(s.requests > 300);
    assert.equal(s.requests, s.hitsL1 + s.hitsL2 + s.misses.absent + s.misses.expired + s.misses.tag);
    assert.ok(s.loaderErrors > 0 && s.loaderTimeouts > 0 && s.staleServed > 0 && s.misses.tag > 0, JSON.stringify(s));
    assert.equal(s.loaderLatency.count, s.loaderCalls);
  });

  it('prom-client: counters and the loader histogram, read at scrape time', async () => {
    const registry = new Registry();
    const unbind = bindPrometheus(registry, [cache]);
    const before = cache.stats();
    const text = await registry.metrics();
    assert.match(text, new RegExp(`^sonic_cache_requests_total\\{namespace="m"\\} ${before.requests}$`, 'm'));
    assert.match(text, new RegExp(`^sonic_cache_hits_total\\{namespace="m",tier="l2"\\} ${before.hitsL2}$`, 'm'));
    assert.match(text, new RegExp(`^sonic_cache_misses_total\\{namespace="m",cause="tag"\\} ${before.misses.tag}$`, 'm'));
    assert.match(text, new RegExp(`^sonic_cache_loader_duration_seconds_count\\{namespace="m"\\} ${before.loaderCalls}$`, 'm'));
    assert.match(text, /^sonic_cache_loader_duration_seconds_bucket\{namespace="m",le="\+Inf"\} \d+$/m);
    await cache.get('never-set');
    assert.match(await registry.metrics(), new RegExp(`^sonic_cache_requests_total\\{namespace="m"\\} ${before.requests + 1}$`, 'm'));
    unbind();
    assert.equal(await registry.metrics(), '\n');
  });

  it('OpenTelemetry: observable counters with the namespace attribute', async () => {
    const reader = new TestReader();
    const provider = new MeterProvider({ readers: [reader] });
    const unbind = bindOpenTelemetry(provider.getMeter('test'), [cache]);
    const { resourceMetrics } = await reader.collect();
    const metrics = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
    const point = (name: string, attrs: Record<string, string>) =>
      metrics.find((m) => m.descriptor.name === name)?.dataPoints.find((p) => Object.entries(attrs).every(([k, v]) => p.attributes[k] === v))?.value;
    const s = cache.stats();
    assert.equal(point('sonic.cache.requests', { namespace: 'm' }), s.requests);
    assert.equal(point('sonic.cache.misses', { namespace: 'm', cause: 'absent' }), s.misses.absent);
    assert.equal(point('sonic.cache.loader.duration.count', { namespace: 'm' }), s.loaderCalls);
    unbind();
    await provider.shutdown();
  });
});
