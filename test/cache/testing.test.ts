/** sonic-kv/testing: VirtualClock timers, and a test server whose time is the virtual clock. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { VirtualClock } from '../../src/cache/testing/virtual-clock.js';
import { startTestServer, type TestServer } from '../../src/cache/testing/test-server.js';
import { Faults } from '../../src/cache/testing/faults.js';

describe('VirtualClock', () => {
  it('fires due timers in due order (ties by creation), at their due time, and not early', async () => {
    const clock = new VirtualClock(1000);
    const fired: string[] = [];
    const at = (name: string) => () => fired.push(`${name}@${clock.now()}`);
    clock.setTimeout(at('c'), 30);
    clock.setTimeout(at('a'), 10);
    clock.setTimeout(at('b1'), 20);
    clock.setTimeout(at('b2'), 20);
    const cancelled = clock.setTimeout(at('x'), 15);
    clock.clearTimeout(cancelled);
    await clock.advance(20);
    assert.deepEqual(fired, ['a@1010', 'b1@1020', 'b2@1020']);
    assert.equal(clock.now(), 1020);
    assert.equal(clock.pendingTimers, 1);
    await clock.advance(9);
    assert.equal(fired.length, 3);
    await clock.advance(1);
    assert.deepEqual(fired.at(-1), 'c@1030');
  });

  it('fires timers set by timers within the window, and lets promise work settle between', async () => {
    const clock = new VirtualClock(0);
    const log: string[] = [];
    clock.setTimeout(() => {
      log.push(`t1@${clock.now()}`);
      void Promise.resolve()
        .then(() => Promise.resolve())
        .then(() => {
          log.push(`then@${clock.now()}`);
          clock.setTimeout(() => log.push(`t2@${clock.now()}`), 5);
        });
    }, 10);
    clock.setTimeout(() => log.push(`t3@${clock.now()}`), 12);
    await clock.advance(100);
    assert.deepEqual(log, ['t1@10', 'then@10', 't3@12', 't2@15']);
    assert.equal(clock.now(), 100);
  });

  it('rejects a negative advance and a concurrent one', async () => {
    const clock = new VirtualClock(0);
    await assert.rejects(clock.advance(-1), RangeError);
    const first = clock.advance(1);
    await assert.rejects(clock.advance(1), /already running/);
    await first;
    assert.equal(clock.now(), 1);
  });
});

describe('startTestServer', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer({ clock: new VirtualClock(1_700_000_000_000) });
  });
  after(async () => {
    await t?.close();
  });

  it('listens on an ephemeral port and serves in-process connections', async () => {
    assert.ok(t.port > 0);
    assert.equal(t.url, `redis://127.0.0.1:${t.port}`);
    const c = t.connect();
    assert.equal(await c.send(['PING']), 'PONG');
    assert.deepEqual(await c.send(['CONFIG', 'GET', 'port']), ['port', String(t.port)]);
    c.close();
  });

  it('TIME follows the virtual clock', async () => {
    const c = t.connect();
    const start = t.clock.now();
    assert.deepEqual(await c.send(['TIME']), [String(Math.floor(start / 1000)), String((start % 1000) * 1000)]);
    await t.clock.advance(3_600_000 + 250);
    assert.deepEqual(await c.send(['TIME']), [String(Math.floor(start / 1000) + 3600), String(((start + 250) % 1000) * 1000)]);
  });

  it('TTLs expire when the virtual clock passes them, with no real sleeping', async () => {
    const a = t.adapter();
    assert.equal(await a.call(['SET', 'k', 'v', 'PX', '1500']), 'OK');
    assert.equal(await a.call(['SET', 'long', 'v', 'EX', '100']), 'OK');
    await t.clock.advance(1499);
    assert.equal(await a.call(['GET', 'k']), 'v');
    assert.equal(await a.call(['PTTL', 'k']), 1);
    await t.clock.advance(1);
    assert.equal(await a.call(['GET', 'k']), null);
    assert.equal(await a.call(['TTL', 'long']), 99);
    await t.clock.advance(99_000);
    assert.equal(await a.call(['EXISTS', 'long']), 0);
  });

  it('blocking timeouts follow the virtual clock', async () => {
    const c = t.connect();
    const started = Date.now();
    let settled = false;
    const popped = c.send(['BLPOP', 'nolist', '30']).finally(() => (settled = true));
    await t.clock.advance(30_000);
    assert.equal(settled, false, 'still waiting at the deadline (Redis times out once past it)');
    await t.clock.advance(1);
    assert.equal(await popped, null);
    assert.ok(Date.now() - started < 5_000, 'no real wait');
  });

  it('close() closes the connections it opened', async () => {
    const u = await startTestServer();
    const c = u.connect();
    assert.equal(await c.send(['SET', 'x', '1']), 'OK');
    await u.close();
    await assert.rejects(c.send(['GET', 'x']), /closed/);
  });
});

describe('faults', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(async () => {
    await t?.close();
  });

  /** A RESP3 tracking connection and the invalidated keys it receives. */
  async function tracker(): Promise<{ c: ReturnType<TestServer['connect']>; got: string[] }> {
    const c = t.connect();
    const got: string[] = [];
    c.onPush = (v) => {
      if (Array.isArray(v) && v[0] === 'invalidate') got.push(...((v[1] as string[] | null) ?? ['*']));
    };
    await c.send(['HELLO', '3']);
    await c.send(['CLIENT', 'TRACKING', 'ON']);
    return { c, got };
  }
  const settle = () => new Promise((r) => setImmediate(r));

  it('without faults, an invalidation arrives', async () => {
    const { c, got } = await tracker();
    const w = t.connect();
    await c.send(['GET', 'f0']);
    await w.send(['SET', 'f0', 'x']);
    await settle();
    assert.deepEqual(got, ['f0']);
  });

  it('dropInvalidations drops them (all, by predicate), and reset restores delivery', async () => {
    const a = await tracker();
    const b = await tracker();
    const w = t.connect();
    t.faults.dropInvalidations((id) => id === a.c.id);
    await a.c.send(['GET', 'f1']);
    await b.c.send(['GET', 'f1']);
    await w.send(['SET', 'f1', 'x']);
    await settle();
    assert.deepEqual(a.got, []);
    assert.deepEqual(b.got, ['f1']);
    t.faults.dropInvalidations();
    await b.c.send(['GET', 'f2']);
    await w.send(['SET', 'f2', 'x']);
    await settle();
    assert.deepEqual(b.got, ['f1']);
    t.faults.reset();
    await b.c.send(['GET', 'f3']);
    await w.send(['SET', 'f3', 'x']);
    await settle();
    assert.deepEqual(b.got, ['f1', 'f3']);
    assert.equal(t.faults.dropped, 2);
  });

  it('dropInvalidations(probability) drops a message when the random draw is below it', async () => {
    const { c, got } = await tracker();
    const w = t.connect();
    const faults = new Faults(t.server.engine, t.clock, () => 0.3);
    faults.dropInvalidations(0.5);
    await c.send(['GET', 'p1']);
    await w.send(['SET', 'p1', 'x']);
    faults.dropInvalidations(0.2);
    await c.send(['GET', 'p2']);
    await w.send(['SET', 'p2', 'x']);
    await settle();
    assert.deepEqual(got, ['p2']);
    assert.equal(faults.dropped, 1);
    faults.reset();
  });

  it('delayInvalidations delivers them after the delay on the virtual clock', async () => {
    const { c, got } = await tracker();
    const w = t.connect();
    t.faults.delayInvalidations(50);
    await c.send(['GET', 'f4']);
    await w.send(['SET', 'f4', 'x']);
    await t.clock.advance(49);
    assert.deepEqual(got, []);
    await t.clock.advance(1);
    assert.deepEqual(got, ['f4']);
    t.faults.reset();
  });
});
