/**
 * The L1 coherence channel and TwoTier on both targets (Sonic in process, redis-server through
 * ioredis): tracking messages, flush on FLUSHALL / drop / missed pong, setup again after CLIENT
 * KILL, the pub/sub fallback, the fill race, and what ioredis's duplicate() does on reconnect.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTarget, TARGET_NAMES, type Target } from '../cache-acceptance/targets.js';
import { InvalidationChannel, TwoTier, createL1Store, type FlushReason, type InvalidationListener } from '../../src/cache/l1/index.js';
import { fromIoredis } from '../../src/cache/client/ioredis.js';
import type { RedisAdapter } from '../../src/cache/client/adapter.js';
import { ReplyError } from '../../src/protocol/reply-decoder.js';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function until(what: string, cond: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(2);
  }
}

class Recorder implements InvalidationListener {
  keys: string[] = [];
  flushes: FlushReason[] = [];
  invalidate(keys: readonly string[]): void {
    this.keys.push(...keys);
  }
  flush(reason: FlushReason): void {
    this.flushes.push(reason);
  }
}

/** An adapter whose dedicated connections refuse CLIENT TRACKING, as some proxies do. */
function withoutTracking(a: RedisAdapter): RedisAdapter {
  const wrapConn = async (c: ReturnType<RedisAdapter['dedicated']>) => {
    const conn = await c;
    return {
      ...conn,
      call: (argv: readonly string[]) =>
        argv[0] === 'CLIENT' && argv[1] === 'TRACKING' ? Promise.reject(new ReplyError("ERR unknown subcommand 'TRACKING'")) : conn.call(argv),
    };
  };
  return {
    ...a,
    dedicated: (k) => wrapConn(a.dedicated(k)),
    nodes: async () => (await a.nodes()).map((n) => ({ ...n, dedicated: () => wrapConn(n.dedicated()) })),
  };
}

for (const name of TARGET_NAMES) {
  describe(`L1 coherence channel (${name})`, () => {
    let t: Target;
    let writer: RedisAdapter;
    before(async () => {
      t = await startTarget(name);
      writer = t.adapter();
    });
    after(async () => {
      await t?.close();
    });

    it('hears writes under its prefix only, as key names; FLUSHALL flushes', async () => {
      const r = new Recorder();
      const ch = await InvalidationChannel.open({ adapter: t.adapter(), prefix: 'p1', listener: r });
      assert.equal(ch.mode, 'tracking');
      assert.equal(ch.healthy(), true);
      assert.equal(ch.l1TtlCap, Infinity);
      await writer.call(['SET', 'p1:a', '1']);
      await writer.call(['MSET', 'p1:b', '1', 'other:c', '1', 'p1:\u00ff\u0000', '2']);
      await until('keys', () => r.keys.length >= 3);
      assert.deepEqual(r.keys.sort(), ['p1:a', 'p1:b', 'p1:\u00ff\u0000']);
      await writer.call(['FLUSHALL']);
      await until('flush', () => r.flushes.length === 1);
      assert.deepEqual(r.flushes, ['server-flush']);
      await ch.close();
      assert.equal(ch.healthy(), false);
    });

    it('flushes when its connection is killed, sets up again with a new id, and hears writes after', async () => {
      const r = new Recorder();
      const ch = await InvalidationChannel.open({ adapter: t.adapter(), prefix: 'p2', listener: r });
      const [id] = ch.clientIds();
      await writer.call(['CLIENT', 'KILL', 'ID', String(id)]);
      await until('down', () => r.flushes.includes('down'));
      assert.equal(ch.healthy(), false);
      await until('set up again', () => ch.healthy());
      assert.notEqual(ch.clientIds()[0], id);
      assert.deepEqual(r.flushes, ['down', 'reconnect']);
      assert.equal(ch.stats().setups, 2);
      await writer.call(['SET', 'p2:after', '1']);
      await until('invalidation after reconnect', () => r.keys.includes('p2:after'));
      await ch.close();
    });

    it('turns unhealthy and flushes when pongs stop (CLIENT PAUSE ALL), and recovers', async () => {
      const r = new Recorder();
      const ch = await InvalidationChannel.open({ adapter: t.adapter(), prefix: 'p3', listener: r, staleWindowMs: 150 });
      await sleep(100);
      assert.equal(ch.healthy(), true);
      // ALL pauses every client, including the one pausing: the pause ends by its timeout only
      // (on Sonic's virtual clock, when the test moves it).
      await writer.call(['CLIENT', 'PAUSE', '400', 'ALL']);
      const paused = Date.now();
      await until('unhealthy', () => !ch.healthy(), 1000);
      assert.ok(Date.now() - paused <= 150 + 30, `unhealthy after ${Date.now() - paused} ms`);
      await until('missed-pong flush', () => r.flushes.includes('missed-pong'), 1000);
      if (t.sonic !== null) await t.sonic.clock.advance(1000);
      await until('healthy again', () => ch.healthy(), 2000);
      assert.deepEqual(r.flushes, ['missed-pong']);
      await ch.close();
    });

    it('falls back to pub/sub where CLIENT TRACKING errors: publishWrite reaches the others, L1 life capped', async () => {
      const a = new Recorder();
      const b = new Recorder();
      const chA = await InvalidationChannel.open({ adapter: withoutTracking(t.adapter()), prefix: 'p4', listener: a, staleWindowMs: 500 });
      const chB = await InvalidationChannel.open({ adapter: withoutTracking(t.adapter()), prefix: 'p4', listener: b, staleWindowMs: 500 });
      assert.equal(chA.mode, 'pubsub');
      assert.equal(chA.l1TtlCap, 500);
      await writer.call(['SET', 'p4:x', '1']); // unseen in this mode
      await chA.publishWrite('p4:k');
      await until('published key', () => b.keys.includes('p4:k') && a.keys.includes('p4:k'));
      assert.deepEqual(b.keys, ['p4:k']);
      await assert.rejects(
        InvalidationChannel.open({ adapter: withoutTracking(t.adapter()), prefix: 'p4', listener: b, mode: 'tracking' }),
        ReplyError,
      );
      await chA.close();
      await chB.close();
    });

    it('TwoTier: serves L1 hits, evicts on own writes before resolving, and never stores a fill an invalidation overtook', async () => {
      const tt = await TwoTier.open(createL1Store<string>({ maxEntries: 100 }), 60_000, { adapter: t.adapter(), prefix: 'p5' });
      const seen: string[] = [];
      const listen = tt.invalidate.bind(tt);
      tt.invalidate = (keys) => {
        seen.push(...keys);
        listen(keys);
      };
      let loads = 0;
      const get = (k: string) =>
        tt.read(k, async () => {
          loads++;
          return String(await writer.call(['GET', k]));
        });
      await writer.call(['SET', 'p5:a', 'v1']);
      await until('invalidation of p5:a', () => seen.includes('p5:a'));
      assert.equal(await get('p5:a'), 'v1');
      assert.equal(await get('p5:a'), 'v1');
      assert.equal(loads, 1);
      await tt.write(['p5:a'], () => writer.call(['SET', 'p5:a', 'v2']));
      assert.equal(tt.store.has('p5:a'), false, 'evicted before write() resolved');
      assert.equal(await get('p5:a'), 'v2');
      // A fill whose L2 read is overtaken by an invalidation returns its value but does not store it.
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const slow = tt.read('p5:b', async () => {
        const v = String(await writer.call(['GET', 'p5:b']));
        await gate;
        return v;
      });
      await sleep(5);
      const spoiledBefore = tt.stats().fillsSpoiled;
      await writer.call(['SET', 'p5:b', 'new']);
      await until('invalidation of p5:b', () => seen.includes('p5:b'));
      release();
      assert.equal(await slow, 'null');
      assert.equal(tt.store.has('p5:b'), false);
      assert.equal(tt.stats().fillsSpoiled, spoiledBefore + 1);
      assert.equal(await get('p5:b'), 'new');
      // A flush during a fill spoils it too.
      const during = tt.read('p5:c', async () => {
        tt.flush('down');
        return 'x';
      });
      assert.equal(await during, 'x');
      assert.equal(tt.store.has('p5:c'), false);
      await tt.close();
      assert.equal(tt.peek('p5:b'), undefined, 'a closed channel serves nothing from L1');
    });
  });
}

describe('ioredis duplicate() on reconnect (what the channel relies on)', () => {
  let t: Target;
  before(async () => {
    t = await startTarget('redis');
  });
  after(async () => {
    await t?.close();
  });

  it('resubscribes by itself, reports close then ready, and comes back with tracking off', async () => {
    const conn = await t.adapter().dedicated();
    const events: string[] = [];
    conn.on('down', () => events.push('down'));
    conn.on('ready', () => events.push('ready'));
    const id = Number(await conn.call(['CLIENT', 'ID']));
    await conn.call(['CLIENT', 'TRACKING', 'on', 'REDIRECT', String(id), 'BCAST', 'PREFIX', 'q:']);
    const got: string[] = [];
    conn.onMessage((ch, msg) => got.push(`${ch}=${msg}`));
    await conn.subscribe(['chan']);
    const admin = t.ioredis();
    await admin.client('KILL', 'ID', String(id));
    await until('ready', () => events.includes('ready'));
    assert.deepEqual(events, ['down', 'ready']);
    // No subscribe from us: ioredis sent SUBSCRIBE again itself (before emitting 'ready').
    for (let i = 0; i < 50 && got.length === 0; i++) {
      await admin.publish('chan', 'm');
      await sleep(20);
    }
    assert.ok(got.includes('chan=m'), `got ${JSON.stringify(got)}`);
    // Tracking state does not survive: the new connection has it off.
    await conn.unsubscribe(['chan']);
    assert.deepEqual((await conn.call(['CLIENT', 'TRACKINGINFO'])) as unknown[], ['flags', ['off'], 'redirect', -1, 'prefixes', []]);
    await conn.close();
  });
});

describe('docs/cache/two-tier.md example', () => {
  let t: Target;
  before(async () => {
    t = await startTarget('sonic');
  });
  after(async () => {
    await t?.close();
  });

  it('runs', async () => {
    const redis = t.ioredis();
    // --- example (keep in sync with docs/cache/two-tier.md) ---
    const adapter = fromIoredis(redis);
    const tier = await TwoTier.open(createL1Store<string>({ policy: 'tinylfu', maxEntries: 10_000 }), 60_000, {
      adapter,
      prefix: 'app',
      staleWindowMs: 1000,
    });
    const get = (key: string) =>
      tier.read(key, async () => {
        const v = await adapter.call(['GET', key]);
        return v === null ? undefined : String(v);
      });
    const set = (key: string, value: string) => tier.write([key], () => adapter.call(['SET', key, value]));

    await set('app:greeting', 'hello');
    await new Promise((r) => setTimeout(r, 10)); // (lets the write's own invalidation pass)
    console.log(await get('app:greeting')); // 'hello' (from the server, now in L1)
    console.log(await get('app:greeting')); // 'hello' (from L1)
    await redis.set('app:greeting', 'bonjour'); // another program writes
    await new Promise((r) => setTimeout(r, 10));
    console.log(await get('app:greeting')); // 'bonjour': the invalidation evicted it
    console.log(tier.stats().channel.mode); // 'tracking'
    await tier.close();
    // --- end of example ---
    assert.equal(tier.stats().l1.hits, 1);
    assert.equal(tier.peek('app:greeting'), undefined);
  });
});
