/**
 * Rate limiters on Sonic embedded with a virtual clock: every algorithm against its reference
 * model (random sequences, every result field), edges (cost > limit, cost 0, window boundaries),
 * "rejected and peek write nothing", consumeAll atomicity and its refusals, option errors.
 * The same scripts run on redis-server in test/cache-acceptance/rate-limit.test.ts.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createToolkit, type Toolkit } from '../../src/cache/toolkit.js';
import { consumeAll, RateLimiter, type RateLimitAlgorithm, type RateLimiterOptions } from '../../src/cache/patterns/rate-limit.js';
import { CrossSlotError, ToolkitOptionError } from '../../src/cache/errors.js';
import { startTestServer, type TestServer } from '../../src/cache/testing/test-server.js';
import { VirtualClock } from '../../src/cache/testing/virtual-clock.js';
import type { RedisAdapter } from '../../src/cache/client/adapter.js';
import { LimiterModel, modelConsumeAll } from './rate-limit-model.js';
import { prng } from '../helpers/prng.js';

const ALGORITHMS: RateLimitAlgorithm[] = ['fixed-window', 'sliding-log', 'sliding-window', 'token-bucket', 'gcra'];
const T0 = 1_700_000_000_000; // a multiple of every window used here

let server: TestServer;
let clock: VirtualClock;
let tk: Toolkit;
let adapter: RedisAdapter;

before(async () => {
  clock = new VirtualClock(T0);
  server = await startTestServer({ clock });
  adapter = server.adapter();
  tk = createToolkit({ client: adapter, clock, prefix: 'rlt' });
});
after(async () => {
  await server?.close();
});

/** The key's value and remaining TTL as the server has them (DUMP is byte-exact). */
async function state(key: string): Promise<[unknown, unknown]> {
  return [await adapter.call(['DUMP', key]), await adapter.call(['PTTL', key])];
}

let nameSeq = 0;
function limiter(o: Partial<RateLimiterOptions> & { algorithm: RateLimitAlgorithm }): RateLimiter {
  return tk.rateLimiter({ limit: 5, window: 1000, name: `t${nameSeq++}`, ...o });
}

describe('rate limiters match their reference models', () => {
  for (const algorithm of ALGORITHMS) {
    it(`${algorithm}: 600 random consumes/peeks, every field equal`, async () => {
      const rand = prng(ALGORITHMS.indexOf(algorithm) + 11);
      const opts = { algorithm, limit: 7, window: 1000, ...(algorithm === 'token-bucket' || algorithm === 'gcra' ? { burst: 9 } : {}) };
      const rl = limiter(opts);
      const model = new LimiterModel({ algorithm, limit: 7, windowMs: 1000, burst: opts.burst });
      for (let i = 0; i < 600; i++) {
        const r = rand();
        // Steps of 0 ms, small steps, and jumps onto / just before window boundaries.
        const now = clock.now();
        const step = r < 0.3 ? 0 : r < 0.7 ? Math.floor(rand() * 120) : r < 0.85 ? 1000 - (now % 1000) - (rand() < 0.5 ? 1 : 0) : Math.floor(rand() * 2500);
        await clock.advance(step);
        const key = rand() < 0.8 ? 'a' : 'b';
        const cost = rand() < 0.1 ? 0 : rand() < 0.05 ? 12 : 1 + Math.floor(rand() * 3);
        const peek = rand() < 0.2;
        const got = peek ? await rl.peek(key, cost) : await rl.consume(key, cost);
        const want = peek ? model.peek(key, clock.now(), cost) : model.consume(key, clock.now(), cost);
        assert.deepEqual(got, want, `step ${i} at +${clock.now() - T0} ms, ${peek ? 'peek' : 'consume'} ${key} cost ${cost}`);
      }
    });
  }
});

describe('rate limiter edges', () => {
  for (const algorithm of ALGORITHMS) {
    it(`${algorithm}: cost > limit is rejected forever and writes nothing; cost 0 is free`, async () => {
      const rl = limiter({ algorithm });
      const big = await rl.consume('u', 6);
      assert.deepEqual(big, { allowed: false, remaining: 5, resetMs: 0, retryAfterMs: Infinity });
      assert.deepEqual(await state(rl.keyFor('u')), [null, -2]);
      const zero = await rl.consume('u', 0);
      assert.equal(zero.allowed, true);
      assert.equal(zero.remaining, 5);
      assert.deepEqual(await state(rl.keyFor('u')), [null, -2]);
      assert.equal((await rl.consume('u', 5)).remaining, 0);
      const pttl = (await adapter.call(['PTTL', rl.keyFor('u')])) as number;
      assert.ok(pttl > 0, `state expires (garbage collection), PTTL ${pttl}`);
      assert.equal((await rl.consume('u', 0)).allowed, true, 'cost 0 fits even when exhausted');
    });

    it(`${algorithm}: a rejected consume and any peek leave the state byte-identical`, async () => {
      const rl = limiter({ algorithm });
      await rl.consume('v', 4);
      await clock.advance(300);
      const before = await state(rl.keyFor('v'));
      const rejected = await rl.consume('v', 3);
      assert.equal(rejected.allowed, false);
      assert.ok(rejected.retryAfterMs > 0 && Number.isFinite(rejected.retryAfterMs));
      const peeked = await rl.peek('v', 1);
      assert.equal(peeked.allowed, true);
      assert.deepEqual(await state(rl.keyFor('v')), before);
      // retryAfterMs is exact: one ms earlier is still too early, at it the request fits.
      await clock.advance(rejected.retryAfterMs - 1);
      assert.equal((await rl.peek('v', 3)).allowed, false);
      await clock.advance(1);
      assert.equal((await rl.consume('v', 3)).allowed, true);
    });
  }

  it('fixed window: a full window reopens exactly at its boundary', async () => {
    const rl = limiter({ algorithm: 'fixed-window', limit: 2, window: 1000 });
    await clock.advance(1000 - (clock.now() % 1000) - 1); // last ms of a window
    assert.equal((await rl.consume('w', 2)).allowed, true);
    const r = await rl.consume('w');
    assert.deepEqual(r, { allowed: false, remaining: 0, resetMs: 1, retryAfterMs: 1 });
    await clock.advance(1);
    assert.deepEqual(await rl.consume('w'), { allowed: true, remaining: 1, resetMs: 1000, retryAfterMs: 0 });
  });

  it('sliding log: a unit leaves the window exactly W ms after it was taken', async () => {
    const rl = limiter({ algorithm: 'sliding-log', limit: 3, window: 1000 });
    await rl.consume('s', 2);
    await clock.advance(400);
    await rl.consume('s');
    await clock.advance(599);
    assert.deepEqual(await rl.consume('s'), { allowed: false, remaining: 0, resetMs: 401, retryAfterMs: 1 });
    await clock.advance(1);
    assert.deepEqual(await rl.consume('s', 2), { allowed: true, remaining: 0, resetMs: 1000, retryAfterMs: 0 });
    assert.equal(await adapter.call(['ZCARD', rl.keyFor('s')]), 3, 'expired entries are removed when writing');
  });

  it('sliding-window counter: the previous window weighs in proportionally', async () => {
    const rl = limiter({ algorithm: 'sliding-window', limit: 10, window: 1000 });
    await clock.advance(1000 - (clock.now() % 1000));
    assert.equal((await rl.consume('c', 10)).allowed, true);
    await clock.advance(1250); // 25% into the next window: estimate 10 * 0.75 = 7.5
    // peek answers what consume would: 2 more fit, leaving floor(10 - 7.5 - 2) = 0.
    assert.deepEqual(await rl.peek('c', 2), { allowed: true, remaining: 0, resetMs: 1750, retryAfterMs: 0 });
    assert.deepEqual(await rl.peek('c', 3), { allowed: false, remaining: 2, resetMs: 750, retryAfterMs: 50 });
  });

  it('token bucket and gcra: refill is continuous and capped at burst', async () => {
    for (const algorithm of ['token-bucket', 'gcra'] as const) {
      const rl = limiter({ algorithm, limit: 4, window: 1000, burst: 2 }); // one token per 250 ms
      assert.equal((await rl.consume('b', 2)).allowed, true);
      assert.deepEqual(await rl.consume('b'), { allowed: false, remaining: 0, resetMs: 500, retryAfterMs: 250 });
      await clock.advance(250);
      assert.deepEqual(await rl.consume('b'), { allowed: true, remaining: 0, resetMs: 500, retryAfterMs: 0 });
      await clock.advance(10_000);
      assert.deepEqual(await rl.peek('b', 0), { allowed: true, remaining: 2, resetMs: 0, retryAfterMs: 0 }, algorithm);
    }
  });

  it('server time: without a virtual now the scripts use the server TIME', async () => {
    const serverTk = createToolkit({ client: adapter, prefix: 'rlt-srv' }); // time: 'server'
    const rl = serverTk.rateLimiter({ algorithm: 'fixed-window', limit: 1, window: 60_000 });
    assert.equal((await rl.consume('x')).allowed, true);
    assert.equal((await rl.consume('x')).allowed, false);
    await clock.advance(60_000); // the embedded server runs on this clock
    assert.equal((await rl.consume('x')).allowed, true);
  });

  it('keys are <prefix>:{rl:<subject>}:<name>, default names from the parameters', () => {
    const rl = tk.rateLimiter({ algorithm: 'gcra', limit: 10, window: '1s', burst: 20 });
    assert.equal(rl.keyFor('ip:1'), 'rlt:{rl:ip:1}:gc:10:1000:20');
    assert.equal(tk.rateLimiter({ algorithm: 'sliding-log', limit: 3, window: '1m' }).name, 'sl:3:60000');
  });
});

describe('consumeAll', () => {
  it('charges every limit or none, and matches the model', async () => {
    const perSecond = limiter({ algorithm: 'sliding-window', limit: 3, window: 1000 });
    const perMinute = limiter({ algorithm: 'fixed-window', limit: 5, window: 60_000 });
    const bucket = limiter({ algorithm: 'token-bucket', limit: 1, window: 1000, burst: 4 });
    const models = [
      new LimiterModel({ algorithm: 'sliding-window', limit: 3, windowMs: 1000 }),
      new LimiterModel({ algorithm: 'fixed-window', limit: 5, windowMs: 60_000 }),
      new LimiterModel({ algorithm: 'token-bucket', limit: 1, windowMs: 1000, burst: 4 }),
    ];
    const limiters = [perSecond, perMinute, bucket];
    const rand = prng(5);
    let rejectedWithSomeRoom = 0;
    for (let i = 0; i < 150; i++) {
      await clock.advance(Math.floor(rand() * 700));
      const costs = limiters.map(() => Math.floor(rand() * 3));
      const keys = limiters.map((l) => l.keyFor('user:1'));
      const before = await Promise.all(keys.map(state));
      const got = await consumeAll(limiters.map((limiter, j) => ({ limiter, key: 'user:1', cost: costs[j] })));
      const want = modelConsumeAll(models.map((model, j) => ({ model, key: 'user:1', cost: costs[j] })), clock.now());
      assert.equal(got.allowed, want.allowed, `step ${i}`);
      assert.deepEqual(got.results, want.results, `step ${i}`);
      if (!got.allowed) {
        assert.deepEqual(await Promise.all(keys.map(state)), before, 'a rejected consumeAll writes nothing');
        if (got.results.some((r) => r.allowed)) rejectedWithSomeRoom++;
        assert.equal(got.retryAfterMs, Math.max(...got.results.map((r) => r.retryAfterMs)));
      }
    }
    assert.ok(rejectedWithSomeRoom > 10, `the schedule rejected with room on some limit ${rejectedWithSomeRoom} times`);
    const peek = await consumeAll([{ limiter: perMinute, key: 'user:1', cost: 1 }], { dry: true });
    assert.deepEqual(peek.results, [models[1].peek('user:1', clock.now(), 1)]);
  });

  it('refuses cross-slot subjects on a cluster adapter, but not on a standalone one', async () => {
    const a = limiter({ algorithm: 'fixed-window' });
    const b = limiter({ algorithm: 'gcra' });
    const ok = await consumeAll([{ limiter: a, key: 'u1' }, { limiter: b, key: 'u2' }]);
    assert.equal(ok.allowed, true);
    const clusterAdapter: RedisAdapter = Object.assign(Object.create(adapter) as RedisAdapter, { cluster: true });
    const ctk = createToolkit({ client: clusterAdapter, clock, prefix: 'rlt' });
    const ca = ctk.rateLimiter({ algorithm: 'fixed-window', limit: 5, window: 1000, name: 'ca' });
    const cb = ctk.rateLimiter({ algorithm: 'gcra', limit: 5, window: 1000, name: 'cb' });
    await assert.rejects(consumeAll([{ limiter: ca, key: 'u1' }, { limiter: cb, key: 'u2' }]), CrossSlotError);
    assert.equal((await consumeAll([{ limiter: ca, key: 'u1' }, { limiter: cb, key: 'u1' }])).allowed, true);
  });

  it('refuses empty lists, mixed toolkits, a limiter twice on one key, bad costs', async () => {
    const a = limiter({ algorithm: 'fixed-window' });
    const other = createToolkit({ client: adapter, clock, prefix: 'rlt' }).rateLimiter({ algorithm: 'gcra', limit: 1, window: 10 });
    await assert.rejects(consumeAll([]), ToolkitOptionError);
    await assert.rejects(consumeAll([{ limiter: {} as RateLimiter, key: 'k' }]), /made by toolkit.rateLimiter/);
    await assert.rejects(consumeAll([null as unknown as { limiter: RateLimiter; key: string }]), /made by toolkit.rateLimiter/);
    await assert.rejects(consumeAll([{ limiter: a, key: 'k' }, { limiter: other, key: 'k' }]), /one toolkit/);
    await assert.rejects(consumeAll([{ limiter: a, key: 'k' }, { limiter: a, key: 'k' }]), /twice/);
    await assert.rejects(consumeAll([{ limiter: a, key: 'k', cost: -1 }]), ToolkitOptionError);
  });
});

describe('rate limiter options', () => {
  const bad: [string, Record<string, unknown>, RegExp][] = [
    ['unknown algorithm', { algorithm: 'leaky', limit: 1, window: 1000 }, /algorithm must be one of/],
    ['limit 0', { algorithm: 'fixed-window', limit: 0, window: 1000 }, /limit must be an integer >= 1/],
    ['fractional limit', { algorithm: 'fixed-window', limit: 1.5, window: 1000 }, /limit must be/],
    ['string limit', { algorithm: 'fixed-window', limit: '10', window: 1000 }, /limit must be/],
    ['window 0', { algorithm: 'sliding-log', limit: 1, window: 0 }, /window \(ms\) must be/],
    ['bad window string', { algorithm: 'sliding-log', limit: 1, window: 'soon' }, /window: cannot read/],
    ['fractional window', { algorithm: 'sliding-log', limit: 1, window: 0.5 }, /window \(ms\) must be/],
    ['burst on a window algorithm', { algorithm: 'fixed-window', limit: 1, window: 1000, burst: 2 }, /burst applies to/],
    ['burst 0', { algorithm: 'gcra', limit: 1, window: 1000, burst: 0 }, /burst must be/],
    ['too large', { algorithm: 'token-bucket', limit: 1, window: '1000d', burst: 1e9 }, /x window must be/],
    ['empty name', { algorithm: 'gcra', limit: 1, window: 1000, name: '' }, /name must be/],
  ];
  for (const [what, opts, message] of bad) {
    it(`refuses ${what}`, () => {
      assert.throws(() => tk.rateLimiter(opts as unknown as RateLimiterOptions), (e: unknown) => e instanceof ToolkitOptionError && message.test(e.message));
    });
  }

  it('refuses bad costs at call time without touching the server', async () => {
    const rl = limiter({ algorithm: 'token-bucket' });
    for (const cost of [-1, 1.5, NaN, Infinity, '2' as unknown as number]) {
      await assert.rejects(rl.consume('k', cost), ToolkitOptionError);
      await assert.rejects(rl.peek('k', cost), ToolkitOptionError);
    }
  });
});
