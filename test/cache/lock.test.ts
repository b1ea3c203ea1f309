/**
 * Locks, semaphores and Redlock (src/cache/patterns/lock.ts, semaphore.ts, redlock.ts), each run
 * against Sonic in process and a real redis-server: the scripts must decide the same on both.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTarget, TARGET_NAMES, type Target } from '../cache-acceptance/targets.js';
import { createToolkit, type Toolkit } from '../../src/cache/toolkit.js';
import type { RedisAdapter, Reply } from '../../src/cache/client/adapter.js';
import { LeaseLostError, LockNotAcquiredError, ToolkitOptionError } from '../../src/cache/errors.js';
import { resolveLockOptions } from '../../src/cache/patterns/lock-common.js';
import { LOCK_RELEASE } from '../../src/cache/scripts/lock.lua.js';
import { Redlock } from '../../src/cache/patterns/redlock.js';
import type { LockHandle } from '../../src/cache/patterns/lease.js';
import { VirtualClock } from '../../src/cache/testing/virtual-clock.js';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
let prefixSeq = 0;
const freshToolkit = (adapter: RedisAdapter): Toolkit => createToolkit({ client: adapter, prefix: `lt${process.pid}x${prefixSeq++}` });

/** An adapter that can be switched off: 'down' rejects every call, 'hang' never answers. */
function switchable(inner: RedisAdapter): RedisAdapter & { mode: 'up' | 'down' | 'hang' } {
  const gate = <T>(f: () => Promise<T>): Promise<T> =>
    s.mode === 'up' ? f() : s.mode === 'down' ? Promise.reject(new Error('server down')) : new Promise<T>(() => undefined);
  const s = {
    ...inner,
    mode: 'up' as 'up' | 'down' | 'hang',
    call: (argv: readonly string[], rk?: string) => gate(() => inner.call(argv, rk)),
    runScript: (...a: Parameters<RedisAdapter['runScript']>) => gate(() => inner.runScript(...a)),
  };
  return s;
}

/** The worst of a few PINGs, ms: the round trip the signal-latency bounds allow for. */
async function roundTrip(a: RedisAdapter): Promise<number> {
  let worst = 0;
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await a.call(['PING']);
    worst = Math.max(worst, performance.now() - t);
  }
  return worst;
}

describe('lock options', () => {
  it('reads durations and refuses unusable values with ToolkitOptionError', () => {
    const o = resolveLockOptions({ ttl: '2s', retry: { count: Infinity, delay: '5ms' } });
    assert.deepEqual([o.ttl, o.retry.count, o.retry.delay, o.retry.jitter, o.autoExtend, o.drift], [2000, Infinity, 5, 50, false, 0.01]);
    for (const bad of [{ ttl: -1 }, { ttl: 2 }, { ttl: 'soon' }, { drift: 0.5 }, { retry: { count: -1 } }, { retry: { delay: -5 } }]) {
      assert.throws(() => resolveLockOptions(bad), ToolkitOptionError, JSON.stringify(bad));
    }
    assert.throws(() => new Redlock([]), ToolkitOptionError);
  });
});

for (const name of TARGET_NAMES) {
  describe(`locks on ${name}`, () => {
    let target: Target;
    let adapter: RedisAdapter;
    before(async () => {
      target = await startTarget(name, { realTime: true });
      adapter = target.adapter();
    });
    after(async () => target?.close());

    it('gives the lock to one owner; a non-owner cannot release it; fences grow', async () => {
      const locks = freshToolkit(adapter).locks({ ttl: 5000, retry: { count: 0 } });
      const a = await locks.lock('job');
      assert.equal(await locks.tryLock('job'), null);
      await assert.rejects(locks.lock('job'), LockNotAcquiredError);
      // Someone with the wrong token: refused, and the lock stays A's.
      const owner = locks.ctx.keys.key('lk:job', 'o');
      assert.equal(await adapter.runScript(LOCK_RELEASE, [owner], ['', 'not-the-owner', 'ch']), 0);
      assert.equal(await locks.tryLock('job'), null);
      assert.equal(await a.release(), true);
      assert.equal(await a.release(), false, 'a second release is refused');
      const b = await locks.lock('job');
      assert.ok(b.fence > a.fence, `fence ${b.fence} after ${a.fence}`);
      assert.notEqual(b.token, a.token);
      await b.release();
    });

    it('an expired holder cannot release or extend the lock its successor holds', async () => {
      const locks = freshToolkit(adapter).locks({ ttl: 60, retry: { count: 0 } });
      const a = await locks.lock('r');
      await sleep(90);
      assert.equal(a.signal.aborted, true);
      assert.ok(a.signal.reason instanceof LeaseLostError);
      const b = await locks.lock('r', { ttl: 5000 });
      assert.equal(await a.release(), false);
      await assert.rejects(a.extend(), LeaseLostError);
      assert.equal(await locks.tryLock('r'), null, 'B still holds it');
      assert.equal(b.signal.aborted, false);
      await b.release();
    });

    it('extend after expiry fails with LeaseLostError, even when nobody took the lock', async () => {
      const locks = freshToolkit(adapter).locks({ ttl: 60 });
      const a = await locks.lock('x');
      await a.extend(); // while held: fine
      await sleep(90);
      await assert.rejects(a.extend(), LeaseLostError);
      assert.throws(() => a.assertHeld(), LeaseLostError);
      // The server also refuses it (the local deadline is not the only guard):
      const h = await locks.lock('x', { ttl: 60 });
      await sleep(90);
      const internal = h as unknown as { check(): void };
      internal.check = () => undefined; // pretend the local clock missed it
      await assert.rejects(h.extend(), LeaseLostError);
    });

    it('auto-extend keeps the lock past several ttls, and release stops it', async () => {
      const locks = freshToolkit(adapter).locks({ ttl: 150, autoExtend: true, retry: { count: 0 } });
      const a = await locks.lock('long');
      await sleep(500);
      assert.equal(a.signal.aborted, false);
      assert.ok(a.remaining() > 0);
      assert.equal(await locks.tryLock('long'), null);
      assert.equal(await a.release(), true);
      assert.notEqual(await locks.tryLock('long'), null);
    });

    it('the signal fires within one extend interval + one round trip of a takeover', async () => {
      const ttl = 300;
      const locks = freshToolkit(adapter).locks({ ttl, autoExtend: true, retry: { count: 0 } });
      const rtt = await roundTrip(adapter);
      const a = await locks.lock('t');
      let abortedAt = 0;
      a.signal.addEventListener('abort', () => (abortedAt = performance.now()));
      await sleep(50);
      // Someone deletes the lock and takes it (an operator, a failover that lost the key ...).
      await adapter.call(['DEL', locks.ctx.keys.key('lk:t', 'o')]);
      const lostAt = performance.now();
      const b = await locks.lock('t', { autoExtend: false, ttl: 5000 });
      while (abortedAt === 0 && performance.now() - lostAt < 2 * ttl) await sleep(2);
      const latency = abortedAt - lostAt;
      assert.ok(abortedAt > 0, 'the signal fired');
      assert.ok(latency <= ttl / 3 + rtt + 5, `signal after ${latency.toFixed(1)} ms; bound ${(ttl / 3 + rtt + 5).toFixed(1)} ms`);
      assert.ok(a.signal.reason instanceof LeaseLostError);
      await b.release();
    });

    it('after an event-loop stall past the deadline the signal reads aborted before any timer runs', async () => {
      const locks = freshToolkit(adapter).locks({ ttl: 40, retry: { count: 0 } });
      const a = await locks.lock('stall');
      const fired: string[] = [];
      a.signal.addEventListener('abort', () => fired.push('abort'));
      const until = performance.now() + 60;
      while (performance.now() < until); // a stall: no timer can run
      assert.equal(fired.length, 0);
      assert.equal(a.signal.aborted, true, 'checked against the deadline on read');
      assert.deepEqual(fired, ['abort'], 'listeners ran synchronously, before the caller goes on');
      assert.throws(() => a.signal.throwIfAborted(), LeaseLostError);
      await a.release();
    });

    it('a waiter gets the lock about one round trip after the release, not after its retry delay', async () => {
      const locks = freshToolkit(adapter).locks({ ttl: 5000, retry: { count: 5, delay: 3000, jitter: 0 } });
      const a = await locks.lock('handoff');
      const waiting = locks.lock('handoff');
      await sleep(100);
      const releasedAt = performance.now();
      await a.release();
      const b = await waiting;
      const handoff = performance.now() - releasedAt;
      assert.ok(handoff < 500, `hand-off took ${handoff.toFixed(1)} ms`);
      assert.ok(b.fence > a.fence);
      await b.release();
    });

    it('a crashed holder (never released) gives way when its lease ends', async () => {
      const locks = freshToolkit(adapter).locks({ ttl: 100, retry: { count: 50, delay: 1000, jitter: 0 } });
      await locks.lock('crash');
      const t = performance.now();
      const b = await locks.lock('crash');
      const waited = performance.now() - t;
      assert.ok(waited >= 80 && waited < 600, `waited ${waited.toFixed(1)} ms for a 100 ms lease`);
      await b.release();
    });

    it('withLock runs the job holding the lock and releases it afterwards, also on a throw', async () => {
      const tk = freshToolkit(adapter);
      const locks = tk.locks({ ttl: '30s', retry: { count: 0 } });
      const sent: number[] = [];
      const report = await locks.withLock('report:daily', async (signal, fence) => {
        signal.throwIfAborted();
        sent.push(fence); // e.g. UPDATE reports SET ... WHERE fence < $fence
        return 'done';
      });
      assert.equal(report, 'done');
      assert.equal(sent.length, 1);
      await assert.rejects(locks.withLock('report:daily', () => Promise.reject(new Error('job failed'))), /job failed/);
      const again = await locks.lock('report:daily');
      assert.ok(again.fence > sent[0]);
      await again.release();
    });

    it('a handle is async-disposable (await using): disposing releases it', async () => {
      const locks = freshToolkit(adapter).locks({ ttl: 5000, retry: { count: 0 } });
      const h = await locks.lock('disposable');
      await h[Symbol.asyncDispose]();
      assert.equal(await h.release(), false, 'already released');
      await (await locks.lock('disposable')).release();
    });

    it('semaphore: at most limit holders, fenced, permits of crashed holders come back', async () => {
      const locks = freshToolkit(adapter).locks({ ttl: 5000, retry: { count: 0 } });
      assert.throws(() => locks.semaphore('pool', { limit: 0 }), ToolkitOptionError);
      const sem = locks.semaphore('pool', { limit: 2 });
      const p1 = await sem.acquire();
      const p2 = await sem.acquire();
      assert.equal(await sem.tryAcquire(), null);
      await assert.rejects(sem.acquire(), LockNotAcquiredError);
      assert.equal(await sem.count(), 2);
      assert.ok(p2.fence > p1.fence);
      assert.equal(await p1.release(), true);
      const p3 = await sem.acquire();
      assert.ok(p3.fence > p2.fence);
      // A holder with a short lease that never comes back:
      await p3.release();
      const short = await sem.acquire({ ttl: 60 });
      await sleep(90);
      await assert.rejects(short.extend(), LeaseLostError);
      const p4 = await sem.acquire();
      assert.equal(await sem.tryAcquire(), null);
      assert.equal(await short.release(), false);
      await Promise.all([p2.release(), p4.release()]);
      assert.equal(await sem.count(), 0);
    });

    it('semaphore waiters are woken by a release', async () => {
      const sem = freshToolkit(adapter).locks({ ttl: 5000 }).semaphore('one', { limit: 1, retry: { count: 3, delay: 3000, jitter: 0 } });
      const a = await sem.acquire();
      const waiting = sem.acquire();
      await sleep(100);
      const t = performance.now();
      await a.release();
      const b = await waiting;
      assert.ok(performance.now() - t < 500);
      await b.release();
    });
  });

  describe(`locks on ${name} with a virtual clock (time passed into the scripts)`, () => {
    let target: Target;
    const clock = new VirtualClock(1_700_000_000_000);
    before(async () => {
      target = await startTarget(name, { clock });
    });
    after(async () => target?.close());

    it('the local deadline is sendTime + ttl * (1 - drift) - 1; extends move it; the server agrees', async () => {
      const locks = createToolkit({ client: target.adapter(), prefix: 'vc', clock }).locks({ ttl: 1000, retry: { count: 0 } });
      const a = await locks.lock('v');
      assert.equal(a.remaining(), 989);
      await clock.advance(988);
      assert.equal(a.signal.aborted, false);
      await a.extend(); // sent at +988: deadline now +988 + 989
      await clock.advance(988);
      assert.equal(a.remaining(), 1);
      await clock.advance(1);
      assert.equal(a.signal.aborted, true, 'fired by the deadline timer on the virtual clock');
      // The server's lease (ends at +988 + 1000) is still valid for another 12 ms of virtual time:
      assert.equal(await locks.tryLock('v'), null);
      await clock.advance(12);
      const b = await locks.lock('v'); // expiry is read from the value, whatever the key's PX does
      assert.ok(b.fence > a.fence);
      assert.equal(await a.release(), false);
      await b.release();
    });

    it('semaphore permits end on the virtual clock', async () => {
      const sem = createToolkit({ client: target.adapter(), prefix: 'vc', clock }).locks({ ttl: 500, retry: { count: 0 } }).semaphore('s', { limit: 1 });
      const p = await sem.acquire();
      assert.equal(await sem.tryAcquire(), null);
      await clock.advance(499);
      assert.equal(await sem.tryAcquire(), null);
      await clock.advance(1);
      assert.equal(p.signal.aborted, true);
      const q = await sem.acquire();
      assert.equal(await sem.count(), 1);
      await q.release();
    });
  });

  describe(`redlock on ${name}`, () => {
    const targets: Target[] = [];
    let servers: ReturnType<typeof switchable>[];
    let kits: Toolkit[];
    before(async () => {
      for (let i = 0; i < 3; i++) targets.push(await startTarget(name, { realTime: true }));
      servers = targets.map((t) => switchable(t.adapter()));
      kits = servers.map((s) => createToolkit({ client: s, prefix: 'rl' }));
    });
    after(async () => {
      for (const t of targets) await t.close();
    });
    const up = () => servers.forEach((s) => (s.mode = 'up'));

    it('acquires with one of 3 servers down (or hanging), not with 2 down', async () => {
      const rl = new Redlock(kits, { ttl: 2000, retry: { count: 0 } });
      for (const mode of ['down', 'hang'] as const) {
        up();
        servers[1].mode = mode;
        const l = await rl.lock(`one-${mode}`);
        assert.ok(l.fence >= 1);
        assert.equal(await l.release(), true);
      }
      up();
      servers[0].mode = 'down';
      servers[2].mode = 'hang';
      await assert.rejects(rl.lock('two-down'), LockNotAcquiredError);
      // And what the one live server granted was given back:
      up();
      const l = await rl.lock('two-down');
      await l.release();
    });

    it('refuses a second owner while a majority holds the lock', async () => {
      up();
      const rl = new Redlock(kits, { ttl: 5000, retry: { count: 0 } });
      const a = await rl.lock('excl');
      servers[0].mode = 'down'; // the other two still hold A's token
      await assert.rejects(rl.lock('excl'), LockNotAcquiredError);
      up();
      assert.equal(await a.release(), true);
    });

    it('fencing tokens strictly increase across acquisitions with different majorities', async () => {
      up();
      // Servers start with very different counters.
      const fenceKey = kits[0].context.keys.key('lk:fenced', 'f');
      await targets[0].adapter().call(['SET', fenceKey, '1000']);
      await targets[2].adapter().call(['SET', fenceKey, '7']);
      const rl = new Redlock(kits, { ttl: 2000, retry: { count: 0 } });
      const fences: number[] = [];
      const downs = [-1, 0, 1, 2, 0, 2, 1, -1, 2, 0];
      for (const d of downs) {
        up();
        if (d >= 0) servers[d].mode = 'down';
        const l = await rl.lock('fenced');
        fences.push(l.fence);
        await l.release();
      }
      up();
      for (let i = 1; i < fences.length; i++) assert.ok(fences[i] > fences[i - 1], `fences ${fences.join(',')}`);
      const raw: Reply[] = await Promise.all(targets.map((t) => t.adapter().call(['GET', fenceKey])));
      assert.ok(raw.filter((v) => Number(v) >= fences.at(-1)!).length >= 2, 'the last fence is on a majority');
    });

    it('extend needs a majority; the lease is lost when it cannot get one', async () => {
      up();
      const rl = new Redlock(kits, { ttl: 2000, retry: { count: 0 } });
      const l: LockHandle = await rl.lock('ext');
      servers[2].mode = 'down';
      await l.extend();
      servers[1].mode = 'down';
      await assert.rejects(l.extend(), LeaseLostError);
      assert.equal(l.signal.aborted, true);
      up();
      await l.release();
    });
  });
}
