/**
 * The cache namespace on Sonic (in process) and on redis-server (ioredis): cache-aside reads,
 * stampede protection within and across toolkit instances, fills raced by invalidations, grace
 * copies, tags, generations, negative caching, compression, getMany and the counters' identity.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createToolkit, type Toolkit } from '../../src/cache/toolkit.js';
import { LoaderError, LoaderTimeoutError } from '../../src/cache/errors.js';
import type { CacheStats } from '../../src/cache/metrics/counters.js';
import { startTarget, TARGET_NAMES, type Target } from '../cache-acceptance/targets.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<T>((a, b) => ((resolve = a), (reject = b)));
  return { promise, resolve, reject };
}

function identityHolds(s: CacheStats): void {
  assert.equal(s.requests, s.hitsL1 + s.hitsL2 + s.misses.absent + s.misses.expired + s.misses.tag);
}

for (const name of TARGET_NAMES) {
  describe(`cache on ${name}`, () => {
    let target: Target;
    let tk: Toolkit;
    let other: Toolkit;
    let n = 0;
    /** A fresh namespace per test, so tests don't see each other's keys. */
    const ns = () => `t${n++}`;

    before(async () => {
      target = await startTarget(name);
      tk = createToolkit({ client: target.adapter() });
      // A second toolkit on its own connection stands for another process.
      other = createToolkit({ client: target.adapter({ local: false }) });
    });
    after(async () => {
      await target.close();
    });

    it('getOrSet loads a miss once, then hits; the counters add up', async () => {
      const c = tk.cache<{ id: number }>(ns());
      let calls = 0;
      const loader = async (k: string) => ({ id: Number(k) + calls++ * 0 });
      assert.deepEqual(await c.getOrSet('7', loader), { id: 7 });
      assert.deepEqual(await c.getOrSet('7', loader), { id: 7 });
      assert.deepEqual(await c.get('7'), { id: 7 });
      assert.equal(await c.get('8'), undefined);
      const s = c.stats();
      assert.equal(s.loaderCalls, 1);
      assert.equal(s.hitsL2, 2);
      assert.equal(s.misses.absent, 2);
      identityHolds(s);
      await c.close();
    });

    it('concurrent callers in one process and in another share one loader call', async () => {
      const space = ns();
      const a = tk.cache<string>(space);
      const b = other.cache<string>(space);
      let calls = 0;
      const loader = async () => {
        calls++;
        await sleep(80);
        return 'v';
      };
      const all = await Promise.all([...Array.from({ length: 20 }, () => a.getOrSet('k', loader)), ...Array.from({ length: 20 }, () => b.getOrSet('k', loader))]);
      assert.equal(calls, 1);
      assert.ok(all.every((v) => v === 'v'));
      identityHolds(a.stats());
      identityHolds(b.stats());
      assert.equal(a.stats().requests + b.stats().requests, 40);
      await a.close();
      await b.close();
    });

    it("a loader's error reaches the callers waiting in another process, at once", async () => {
      const space = ns();
      const a = tk.cache<string>(space);
      const b = other.cache<string>(space, { hardTimeout: 5000 });
      const gate = deferred<string>();
      const pa = a.getOrSet('k', () => gate.promise);
      await sleep(20);
      const t0 = Date.now();
      const pb = b.getOrSet('k', async () => 'never');
      await sleep(30);
      gate.reject(new Error('db down'));
      await assert.rejects(pa, (e: unknown) => e instanceof LoaderError && e.message === 'db down');
      await assert.rejects(pb, (e: unknown) => e instanceof LoaderError && e.message === 'db down');
      assert.ok(Date.now() - t0 < 2000, 'the waiter did not wait for the lease to run out');
      await a.close();
      await b.close();
    });

    it('a fill raced by a delete is rejected and the value loaded again', async () => {
      const c = tk.cache<number>(ns());
      const gates = [deferred<number>(), deferred<number>()];
      let calls = 0;
      const p = c.getOrSet('k', () => gates[calls++].promise);
      await sleep(20);
      await c.delete('k');
      gates[0].resolve(1); // loaded before the delete: must not be stored
      await sleep(20);
      assert.equal(calls, 2);
      gates[1].resolve(2);
      assert.equal(await p, 2);
      assert.equal(await c.get('k'), 2);
      assert.equal(c.stats().fillsRejected, 1);
      await c.close();
    });

    it('set, delete, and expire keeping a grace copy served when the loader fails', async () => {
      const c = tk.cache<string>(ns(), { grace: '10s' });
      await c.set('k', 'one');
      assert.equal(await c.get('k'), 'one');
      assert.equal(await c.expire('k'), true);
      assert.equal(await c.get('k'), undefined);
      const v = await c.getOrSet('k', async () => {
        throw new Error('boom');
      });
      assert.equal(v, 'one');
      const s = c.stats();
      assert.equal(s.staleServed, 1);
      assert.equal(s.loaderErrors, 1);
      assert.equal(s.misses.expired, 2);
      // In backoff: the grace copy again, without calling the loader.
      let called = false;
      assert.equal(await c.getOrSet('k', async () => ((called = true), 'two')), 'one');
      assert.equal(called, false);
      assert.equal(await c.delete('k'), true);
      assert.equal(await c.delete('k'), false);
      identityHolds(c.stats());
      await c.close();
    });

    it('tags: invalidateTags turns tagged values into misses', async () => {
      const c = tk.cache<number>(ns());
      let calls = 0;
      const loader = async () => ++calls;
      assert.equal(await c.getOrSet('a', loader, { tags: ['user:1'] }), 1);
      assert.equal(await c.getOrSet('b', loader, { tags: ['user:2'] }), 2);
      assert.equal(await c.getOrSet('a', loader, { tags: ['user:1'] }), 1);
      await c.invalidateTags(['user:1']);
      assert.equal(await c.get('a'), undefined);
      assert.equal(await c.getOrSet('a', loader, { tags: ['user:1'] }), 3);
      assert.equal(await c.getOrSet('b', loader, { tags: ['user:2'] }), 2);
      assert.equal(c.stats().misses.tag, 2);
      identityHolds(c.stats());
      await c.close();
    });

    it('clear() drops the namespace at once; other namespaces keep theirs', async () => {
      const c = tk.cache<string>(ns());
      const d = tk.cache<string>(ns());
      await c.set('k', 'v');
      await d.set('k', 'w');
      await c.clear();
      assert.equal(await c.get('k'), undefined);
      assert.equal(await d.get('k'), 'w');
      await c.close();
      await d.close();
    });

    it('negative caching, compression and invalidatePattern', async () => {
      const c = tk.cache<string>(ns(), { negativeTtl: '1m', compress: { threshold: 100 } });
      let calls = 0;
      assert.equal(await c.getOrSet('missing', async () => (calls++, undefined)), undefined);
      assert.equal(await c.getOrSet('missing', async () => (calls++, 'x')), undefined);
      assert.equal(calls, 1);
      const big = 'é'.repeat(5000);
      await c.set('big', big);
      assert.equal(await c.get('big'), big);
      const raw = (await target.adapter().call(['KEYS', `sk:{${c.namespace}@0:big}:v`])) as string[];
      const payload = String(await target.adapter().call(['HGET', raw[0], 'p']));
      assert.equal(payload[0], '1');
      assert.ok(payload.length < 1000);
      await c.set('user:1', 'a');
      await c.set('user:2', 'b');
      await c.set('post:1', 'c');
      assert.equal(await c.invalidatePattern('user:*'), 2);
      assert.equal(await c.get('user:1'), undefined);
      assert.equal(await c.get('post:1'), 'c');
      await c.close();
    });

    it('getMany: hits from the server, misses in one batch loader call', async () => {
      const c = tk.cache<string>(ns());
      await c.set('a', 'A');
      const batches: string[][] = [];
      const got = await c.getMany(['a', 'b', 'c'], async (ks) => (batches.push(ks), ks.map((k) => k.toUpperCase())));
      assert.deepEqual(got, ['A', 'B', 'C']);
      assert.deepEqual(batches, [['b', 'c']]);
      assert.deepEqual(await c.getMany(['a', 'b', 'c'], async () => assert.fail('no loads')), ['A', 'B', 'C']);
      identityHolds(c.stats());
      assert.equal(c.stats().requests, 6);
      await c.close();
    });

    it('write-through: the store first, then the cache; a store error leaves the cache as it was', async () => {
      const db = new Map<string, string>();
      let failing = false;
      const c = tk.cache<string>(ns(), {
        store: {
          mode: 'through',
          write: async (k, v) => {
            if (failing) throw new Error('store down');
            db.set(k, v);
          },
        },
      });
      await c.set('k', 'one');
      assert.equal(db.get('k'), 'one');
      assert.equal(await c.get('k'), 'one');
      failing = true;
      await assert.rejects(c.set('k', 'two'), /store down/);
      assert.equal(await c.get('k'), 'one');
      await c.close();
    });

    it('write-behind: set() is acknowledged once queued in the server; the store gets the last value per key', async () => {
      const space = ns();
      const writes: { key: string; value: number }[] = [];
      // This process only queues; the flusher (another process, say) starts after the writes.
      const writer = tk.cache<number>(space, { store: { mode: 'behind', flusher: false, write: () => assert.fail('not a flusher') } });
      for (let i = 1; i <= 50; i++) await writer.set(`k${i % 5}`, i);
      assert.equal(await writer.get('k0'), 50);
      const flusher = other.cache<number>(space, { store: { mode: 'behind', write: async (batch) => void writes.push(...batch) } });
      try {
        await flusher.flushWrites();
        assert.deepEqual(
          writes.map((w) => [w.key, w.value]).sort(),
          [['k0', 50], ['k1', 46], ['k2', 47], ['k3', 48], ['k4', 49]],
        );
      } finally {
        await writer.close();
        await flusher.close();
      }
    });

    it('a loader past the hard timeout fails with LoaderTimeoutError', async () => {
      const c = tk.cache<string>(ns(), { hardTimeout: 50 });
      await assert.rejects(c.getOrSet('k', () => new Promise<string>(() => undefined)), LoaderTimeoutError);
      assert.equal(c.stats().loaderTimeouts, 1);
      await c.close();
    });
  });
}

for (const name of TARGET_NAMES) {
  describe(`cache with L1 on ${name}`, () => {
    let target: Target;
    before(async () => {
      target = await startTarget(name, { realTime: true });
    });
    after(async () => {
      await target.close();
    });

    it('serves repeat reads from L1 and drops entries another process changed', async () => {
      const a = createToolkit({ client: target.adapter() }).cache<string>('l1', { l1: {} });
      const b = createToolkit({ client: target.adapter({ local: false }) }).cache<string>('l1', { l1: { policy: 'tinylfu' } });
      try {
        let loads = 0;
        assert.equal(await a.getOrSet('k', async () => (loads++, 'one')), 'one');
        // The first read after our own fill goes to the server once (the fill's invalidation
        // overtakes it), then L1 keeps the value.
        for (let i = 0; i < 5; i++) assert.equal(await a.getOrSet('k', async () => (loads++, 'x')), 'one');
        assert.equal(loads, 1);
        assert.ok(a.stats().hitsL1 >= 3, JSON.stringify(a.stats()));
        await b.set('k', 'two');
        const t0 = Date.now();
        while ((await a.get('k')) !== 'two') {
          assert.ok(Date.now() - t0 < 1000, 'the invalidation never reached the other L1');
          await sleep(1);
        }
        const s = a.stats();
        assert.equal(s.requests, s.hitsL1 + s.hitsL2 + s.misses.absent + s.misses.expired + s.misses.tag);
        assert.ok(s.invalidationsReceived > 0);
        assert.equal(a.l1Stats()?.channel.mode, 'tracking');
      } finally {
        await a.close();
        await b.close();
      }
    });

    it("hears of its own namespace's values only: leases, other namespaces and other keys send it nothing", async () => {
      const a = createToolkit({ client: target.adapter(), prefix: 'only' }).cache<string>('mine', { l1: {} });
      const peer = createToolkit({ client: target.adapter({ local: false }), prefix: 'only' });
      const mineNoL1 = peer.cache<string>('mine');
      const messages = () => a.l1Stats()?.channel.invalidationsReceived ?? -1;
      const heard = async (n: number) => {
        const t0 = Date.now();
        while (messages() < n) {
          assert.ok(Date.now() - t0 < 1000, `expected ${n} invalidation messages, have ${messages()}`);
          await sleep(1);
        }
      };
      try {
        // The channel opens in the background; its stats exist once it is up.
        for (const t0 = Date.now(); a.l1Stats() === null; await sleep(1)) assert.ok(Date.now() - t0 < 1000, 'L1 never opened');
        const before = messages();
        // One round trip each, so each would be its own message: another namespace's write, a
        // lease taken and given back (the loader fails), a rate limiter's and a lock's keys.
        await peer.cache<string>('theirs').set('k', 'v');
        await assert.rejects(mineNoL1.getOrSet('fails', async () => Promise.reject(new Error('no'))));
        await peer.rateLimiter({ algorithm: 'fixed-window', limit: 5, window: '1m' }).consume('u');
        await (await peer.locks().lock('job')).release();
        // Then a write to one of its own values: the messages arrive in server order, so once
        // this one is heard, any earlier one would have been too.
        await mineNoL1.set('k', 'v');
        await heard(before + 1);
        await sleep(20);
        assert.equal(messages(), before + 1);
      } finally {
        await a.close();
        await mineNoL1.close();
      }
    });
  });
}
