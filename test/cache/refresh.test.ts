/**
 * Refresh-ahead on a virtual clock (Sonic embedded): with XFetch or ratio refresh, a hot key is
 * recomputed in the background before it expires -- once per TTL or so -- and after warm-up no
 * caller waits for the loader. Without refresh, callers wait at every expiry.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createToolkit } from '../../src/cache/toolkit.js';
import { startTestServer } from '../../src/cache/testing/test-server.js';
import { shouldRefresh, type RefreshOptions } from '../../src/cache/patterns/refresh.js';
import { prng } from '../helpers/prng.js';

/** Drives `rate` getOrSet per virtual second for `seconds`, in 10 ms steps; counts loads and waits. */
async function drive(refresh: RefreshOptions | undefined, rate: number, seconds: number) {
  const server = await startTestServer();
  const clock = server.clock;
  const cache = createToolkit({ client: server.adapter(), clock }).cache<number>('hot', { ttl: '10s', refresh, random: prng(3) });
  let loads = 0;
  const loader = async () => {
    loads++;
    await new Promise<void>((r) => clock.setTimeout(() => r(), 100));
    return loads;
  };
  let waited = 0;
  let warm = false;
  const perStep = rate / 100;
  for (let step = 0; step < seconds * 100; step++) {
    const settled = Array.from({ length: perStep }, () => {
      let done = false;
      void cache.getOrSet('k', loader).then(() => (done = true));
      return () => done;
    });
    await clock.advance(10);
    // A call still pending after the step waited on a loader (the first load is the warm-up).
    if (warm) waited += settled.filter((d) => !d()).length;
    if (loads > 0 && settled.every((d) => d())) warm = true;
  }
  await cache.close();
  await server.close();
  return { loads, waited, perTtl: loads / (seconds / 10) };
}

describe('refresh-ahead', () => {
  it('XFetch: about one recompute per TTL, and no caller waits after warm-up', async () => {
    const r = await drive({ mode: 'xfetch' }, 200, 120);
    assert.equal(r.waited, 0);
    assert.ok(r.perTtl >= 1 && r.perTtl <= 1.1, `recomputes per TTL ${r.perTtl}`);
  });

  it('ratio: recomputes once 80% of the TTL has passed', async () => {
    const r = await drive({ mode: 'ratio', ratio: 0.8 }, 100, 60);
    assert.equal(r.waited, 0);
    // Every 8 s (+ the loader's 0.1 s) instead of every 10 s.
    assert.ok(r.loads >= 7 && r.loads <= 8, `loads ${r.loads}`);
  });

  it('without refresh-ahead, callers wait at every expiry', async () => {
    const r = await drive(undefined, 100, 60);
    assert.ok(r.waited > 0);
    assert.ok(r.loads >= 6 && r.loads <= 7, `loads ${r.loads}`);
  });

  it('shouldRefresh: XFetch fires earlier for slow loaders and never before it should in ratio mode', () => {
    const never = () => 0.999999;
    const always = () => 0;
    assert.equal(shouldRefresh({ mode: 'xfetch' }, 1000, 2000, 100, 10_000, never), false);
    assert.equal(shouldRefresh({ mode: 'xfetch' }, 1000, 2000, 100, 10_000, always), true);
    // ln(0.5) * 100 ms * beta 1 = 69 ms early at most.
    assert.equal(shouldRefresh({ mode: 'xfetch' }, 1930, 2000, 100, 10_000, () => 0.5), false);
    assert.equal(shouldRefresh({ mode: 'xfetch' }, 1932, 2000, 100, 10_000, () => 0.5), true);
    assert.equal(shouldRefresh({ mode: 'ratio', ratio: 0.8 }, 7999, 10_000, 0, 10_000, never), false);
    assert.equal(shouldRefresh({ mode: 'ratio', ratio: 0.8 }, 8000, 10_000, 0, 10_000, never), true);
    assert.equal(shouldRefresh(undefined, 1e9, 0, 0, 1, always), false);
  });
});
