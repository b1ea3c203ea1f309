/**
 * Unit tests of maxmemory eviction: the LFU counter math (keyspace/lfu.ts), the candidate pool and
 * key sampling (keyspace/eviction-pool.ts), the tenacity time limit, and the evictor in process
 * (engine/eviction.ts) with the memory excess injected, so each policy's choices are tested
 * without depending on V8's heap: LRU evicts the idlest keys, LFU the least used, volatile-ttl
 * the nearest expiry, volatile-* never a key without TTL; and what every eviction does (stats,
 * `evicted` event, DEL propagation, WATCH, client-side caching before the reply).
 */
import { test } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { connect, decode, newEngine, ReplyError } from './server-harness.js';
import { ManualClock } from '../../src/util/clock.js';
import { lfuDecayed, lfuElapsed, lfuFieldWithFreq, lfuInitField, lfuLogIncr, lfuMinutes, lfuTouched, LFU_INIT_VAL, type LfuClock } from '../../src/keyspace/lfu.js';
import { EvictionPool, KeySampler, POOL_SIZE } from '../../src/keyspace/eviction-pool.js';
import { evictionTimeLimitUs, EvictResult } from '../../src/engine/eviction.js';
import type { Engine } from '../../src/engine/engine.js';
import { prng } from '../helpers/prng.js';

function lfuClock(minutes: number, random = () => 0.5, logFactor = 10, decayTime = 1): LfuClock {
  return { minutes, logFactor, decayTime, random };
}

test('LFU: init field, decay per lfu-decay-time minutes, 16-bit minute wrap', () => {
  const c = lfuClock(1000);
  assert.equal(lfuInitField(c), (1000 << 8) | LFU_INIT_VAL);
  assert.equal(lfuDecayed(lfuInitField(c), c), 5);
  const f = lfuFieldWithFreq(lfuClock(990), 100);
  assert.equal(lfuDecayed(f, c), 90, 'ten minutes, one decrement each');
  assert.equal(lfuDecayed(f, lfuClock(1000, undefined, 10, 5)), 98, 'decay time 5: two periods');
  assert.equal(lfuDecayed(f, lfuClock(1000, undefined, 10, 0)), 100, 'decay time 0: never');
  assert.equal(lfuDecayed(lfuFieldWithFreq(lfuClock(0), 3), c), 0, 'floors at 0');
  assert.equal(lfuElapsed(65530, 4), 9, 'the minute clock wrapped once');
  assert.equal(lfuMinutes(65536 * 60000 + 120000), 2);
});

test('LFU: logarithmic increment, certain up to LFU_INIT_VAL, saturating at 255', () => {
  assert.equal(lfuLogIncr(0, lfuClock(0, () => 0.999)), 1);
  assert.equal(lfuLogIncr(5, lfuClock(0, () => 0.999)), 6, 'p = 1 at the initial value');
  // At 6 the probability is 1 / (1 * 10 + 1).
  assert.equal(lfuLogIncr(6, lfuClock(0, () => 0.1)), 6);
  assert.equal(lfuLogIncr(6, lfuClock(0, () => 0.09)), 7);
  assert.equal(lfuLogIncr(255, lfuClock(0, () => 0)), 255);
  // A counter grows roughly logarithmically: ~1M hits reach the 200s with factor 10.
  const rnd = prng(7);
  const c = lfuClock(0, rnd);
  let counter = LFU_INIT_VAL;
  for (let i = 0; i < 100_000; i++) counter = lfuLogIncr(counter, c);
  assert.ok(counter > 90 && counter < 160, `100k hits -> ${counter}`);
  assert.equal(lfuTouched(lfuFieldWithFreq(lfuClock(10), 5), lfuClock(12, () => 0.99)) & 255, 4, 'decays 2, then +1');
});

test('tenacity: linear to 500 us at 10, then 15% steps, unlimited at 100', () => {
  assert.equal(evictionTimeLimitUs(0), 0);
  assert.equal(evictionTimeLimitUs(10), 500);
  assert.equal(evictionTimeLimitUs(11), 575);
  assert.ok(evictionTimeLimitUs(99) > 100e6);
  assert.equal(evictionTimeLimitUs(100), Infinity);
});

test('pool: keeps the best POOL_SIZE candidates in order, best taken first', () => {
  const p = new EvictionPool();
  for (let i = 0; i < 40; i++) p.offer(0, `k${i}`, (i * 7) % 40);
  assert.equal(p.size, POOL_SIZE);
  const scores: string[] = [];
  for (let e = p.takeBest(); e !== undefined; e = p.takeBest()) scores.push(e.key);
  // The 16 highest scores (24..39), best first.
  const expected = [];
  for (let s = 39; s >= 24; s--) expected.push(`k${[...Array(40).keys()].find((i) => (i * 7) % 40 === s)}`);
  assert.deepEqual(scores, expected);
  p.offer(0, 'a', 5);
  p.offer(1, 'a', 6);
  p.offer(0, 'a', 9);
  assert.deepEqual(p.keys(), ['a', 'a'], 'one entry per key and database');
  assert.deepEqual(p.takeBest(), { score: 9, key: 'a', dbid: 0 });
});

test('sampler: small maps give all keys, others spread samples covering all keys', () => {
  const s = new KeySampler(prng(3));
  const small = new Map([['a', 1], ['b', 2]]);
  const out: string[] = [];
  s.sample(small, 5, out);
  assert.deepEqual(out, ['a', 'b']);
  for (const n of [100, 5000]) {
    const m = new Map<string, number>();
    for (let i = 0; i < n; i++) m.set(`k${i}`, i);
    const seen = new Set<string>();
    for (let round = 0; round < n; round++) {
      out.length = 0;
      s.sample(m, 5, out);
      assert.equal(out.length, 5);
      for (const k of out) seen.add(k);
    }
    assert.ok(seen.size > n * 0.9, `${n} keys: ${seen.size} seen`);
  }
  // Keys written together are not sampled together: 64 of 200 always reach both halves (a
  // window of consecutive keys would miss the first half about one time in five).
  const halves = new Map<string, number>();
  for (let i = 0; i < 200; i++) halves.set(`h${i}`, i);
  for (let round = 0; round < 500; round++) {
    out.length = 0;
    s.sample(halves, 64, out);
    assert.equal(out.length, 64);
    assert.equal(new Set(out).size, 64);
    const first = out.filter((k) => Number(k.slice(1)) < 100).length;
    assert.ok(first > 0 && first < 64, `round ${round}: ${first} of 64 from the first half`);
  }
});

/** An engine whose evictor believes memory is `excess()` bytes over a 1 GB limit. */
function setup(policy: string, samples = 16) {
  const clock = new ManualClock(1_700_000_000_000);
  const e = newEngine({ clock });
  e.activeExpire.stop();
  e.tick();
  const a = connect(e);
  a.run('CONFIG', 'SET', 'maxmemory-policy', policy);
  a.run('CONFIG', 'SET', 'maxmemory-samples', String(samples));
  let over = 0;
  (e.evictor as unknown as { excess: () => number }).excess = () => over;
  const overBy = (bytes: number) => {
    over = bytes;
  };
  a.run('CONFIG', 'SET', 'maxmemory', '1073741824');
  return { clock, e, a, overBy };
}

/** Evicts `n` keys, one per perform() (1 byte over frees one key), returning their names. */
function evictOneByOne(e: Engine, overBy: (b: number) => void, n: number): string[] {
  const before = new Set(e.dbs.flatMap((db) => [...db.data.keys()].map((k) => `${db.id}:${k}`)));
  for (let i = 0; i < n; i++) {
    overBy(1);
    assert.notEqual(e.evictor.perform(), EvictResult.Fail);
  }
  overBy(0);
  const after = new Set(e.dbs.flatMap((db) => [...db.data.keys()].map((k) => `${db.id}:${k}`)));
  return [...before].filter((k) => !after.has(k));
}

test('allkeys-lru evicts the idlest keys, sampling every database', () => {
  // (With 64 samples from each database a round misses every old key about once in 10^5.)
  const { clock, e, a, overBy } = setup('allkeys-lru', 64);
  for (let i = 0; i < 200; i++) {
    a.run('SELECT', String(1 + (i % 2)));
    a.run('SET', `old${i}`, 'v');
  }
  clock.advance(100_000);
  e.tick();
  for (let i = 0; i < 300; i++) {
    a.run('SELECT', String(i % 3));
    a.run('SET', `new${i}`, 'v');
  }
  const gone = evictOneByOne(e, overBy, 30);
  assert.equal(gone.length, 30);
  assert.ok(gone.every((k) => k.includes(':old')), gone.join(' '));
  assert.ok(gone.every((k) => k[0] !== '0'), 'database 0 holds only recent keys');
  assert.equal(e.stats.evictedKeys, 30);
  e.close();
});

test('allkeys-lfu evicts the least used keys; volatile-lfu only keys with a TTL', () => {
  for (const policy of ['allkeys-lfu', 'volatile-lfu']) {
    const { e, a, overBy } = setup(policy);
    for (let i = 0; i < 100; i++) {
      a.run('SET', `hot${i}`, 'v', 'EX', '1000');
      a.run('SET', `cold${i}`, 'v', 'EX', '1000');
      a.run('SET', `plain${i}`, 'v');
      e.dbs[0].setAccessTime(`hot${i}`, lfuFieldWithFreq(e.lfuClock(), 50));
      e.dbs[0].setAccessTime(`cold${i}`, lfuFieldWithFreq(e.lfuClock(), 1));
      e.dbs[0].setAccessTime(`plain${i}`, lfuFieldWithFreq(e.lfuClock(), policy === 'allkeys-lfu' ? 40 : 0));
    }
    assert.equal(a.run('OBJECT', 'FREQ', 'hot3'), 50);
    const gone = evictOneByOne(e, overBy, 40);
    assert.ok(gone.every((k) => k.startsWith('0:cold')), `${policy}: ${gone.join(' ')}`);
    e.close();
  }
});

test('volatile-ttl evicts the nearest expiry first; volatile-random never a key without TTL', () => {
  {
    const { e, a, overBy } = setup('volatile-ttl', 64);
    for (let i = 0; i < 40; i++) a.run('SET', `t${i}`, 'v', 'EX', String(1000 + ((i * 17) % 40)));
    for (let i = 0; i < 40; i++) a.run('SET', `p${i}`, 'v');
    const gone = evictOneByOne(e, overBy, 5);
    const ttls = gone.map((k) => (Number(k.slice(3)) * 17) % 40).sort((x, y) => x - y);
    assert.deepEqual(ttls, [0, 1, 2, 3, 4], 'the five nearest expiries');
    e.close();
  }
  {
    const { e, a, overBy } = setup('volatile-random');
    for (let i = 0; i < 20; i++) a.run('SET', `t${i}`, 'v', 'EX', '1000');
    for (let i = 0; i < 20; i++) a.run('SET', `p${i}`, 'v');
    const gone = evictOneByOne(e, overBy, 20);
    assert.equal(gone.length, 20);
    assert.ok(gone.every((k) => k.startsWith('0:t')));
    overBy(1);
    assert.equal(e.evictor.perform(), EvictResult.Fail, 'nothing left: fail');
    assert.deepEqual(a.run('SET', 'x', 'y'), new ReplyError("OOM command not allowed when used memory > 'maxmemory'."));
    assert.equal(a.run('GET', 'p1'), 'v', 'reads still run');
    overBy(0);
    assert.equal(a.run('SET', 'x', 'y'), 'OK');
    e.close();
  }
});

test('an eviction: evicted event, DEL propagated outside MULTI, WATCH broken, stats', () => {
  const { e, a, overBy } = setup('allkeys-random');
  const props: string[][] = [];
  e.propagation.addSink({ propagate: (_db: number, argv: readonly string[]) => props.push([...argv]) });
  const sub = connect(e);
  a.run('CONFIG', 'SET', 'notify-keyspace-events', 'Ee');
  sub.run('PSUBSCRIBE', '__keyevent@*');
  a.run('SET', 'k1', 'v');
  a.run('SET', 'k2', 'v');
  props.length = 0;
  const w = connect(e);
  w.run('WATCH', 'k1');
  overBy(1_000_000);
  assert.equal(a.run('PING'), 'PONG');
  overBy(0);
  assert.equal(a.run('DBSIZE'), 0);
  assert.deepEqual(props.map((p) => p[0]).sort(), ['DEL', 'DEL']);
  assert.deepEqual(props.map((p) => p[1]).sort(), ['k1', 'k2']);
  const events = decodeAll(sub.client.reply.takeAll()).map((m) => (m as string[]).slice(2).join(' '));
  assert.deepEqual(events.sort(), ['__keyevent@0__:evicted k1', '__keyevent@0__:evicted k2']);
  w.run('MULTI');
  w.run('SET', 'k1', 'x');
  assert.equal(w.run('EXEC'), null, 'the eviction broke the WATCH');
  assert.match(a.run('INFO', 'stats') as string, /evicted_keys:2\r\n/);
  a.run('CONFIG', 'SET', 'lazyfree-lazy-eviction', 'yes');
  a.run('SET', 'k3', 'v');
  props.length = 0;
  overBy(1);
  a.run('PING');
  overBy(0);
  assert.deepEqual(props, [['UNLINK', 'k3']], 'lazy eviction propagates UNLINK');
  e.close();
});

test('client-side caching: the invalidation of an evicted key precedes the reply that caused it', () => {
  const { e, a, overBy } = setup('volatile-random');
  a.run('HELLO', '3');
  a.run('CLIENT', 'TRACKING', 'on');
  a.run('SET', 'volatile-key', 'x', 'EX', '1000');
  a.run('GET', 'volatile-key');
  overBy(100);
  assert.equal(a.raw('GET', 'other'), '>2\r\n$10\r\ninvalidate\r\n*1\r\n$12\r\nvolatile-key\r\n_\r\n');
  overBy(0);
  e.close();
});

test('INFO: eviction exceeded times, mem_not_counted_for_evict; CONFIG RESETSTAT', () => {
  const { clock, e, a, overBy } = setup('noeviction');
  overBy(1);
  assert.deepEqual(a.run('SET', 'x', 'y'), new ReplyError("OOM command not allowed when used memory > 'maxmemory'."));
  const info = a.run('INFO', 'everything') as string;
  assert.match(info, /current_eviction_exceeded_time:\d+\r\n/);
  assert.match(info, /mem_not_counted_for_evict:0\r\n/);
  overBy(0);
  clock.advance(1);
  assert.equal(a.run('SET', 'x', 'y'), 'OK');
  assert.match(a.run('INFO', 'stats') as string, /current_eviction_exceeded_time:0\r\n/);
  a.run('CONFIG', 'RESETSTAT');
  assert.match(a.run('INFO', 'stats') as string, /total_eviction_exceeded_time:0\r\n/);
  e.close();
});

test('LFU policy: accesses count, overwrites keep the counter, the hot path of LRU stamps time', () => {
  const { e, a } = setup('allkeys-lfu');
  a.run('SET', 'k', 'v');
  assert.equal(a.run('OBJECT', 'FREQ', 'k'), 5);
  a.run('GET', 'k');
  assert.equal(a.run('OBJECT', 'FREQ', 'k'), 6);
  e.dbs[0].setAccessTime('k', lfuFieldWithFreq(e.lfuClock(), 77));
  a.run('SET', 'k', 'other');
  assert.equal(a.run('OBJECT', 'FREQ', 'k'), 77, 'an overwritten key keeps its counter (dbOverwrite)');
  a.run('DEL', 'k');
  a.run('SET', 'k', 'v');
  assert.equal(a.run('OBJECT', 'FREQ', 'k'), 5, 'a new key starts over');
  assert.match(a.run('DEBUG', 'OBJECT', 'k') as string, / lru:\d+ lru_seconds_idle:\d+$/);
  e.close();
});

function decodeAll(s: string): unknown[] {
  const out: unknown[] = [];
  // Each pub/sub message is one RESP2 array of 4; split on the array headers.
  for (const part of s.split(/(?=\*4\r\n)/)) if (part !== '') out.push(decode(part));
  return out;
}

test('RDB: FREQ opcodes keep LFU counters under LFU, IDLE opcodes idle times under LRU', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sonic-evict-'));
  try {
    const { clock, e, a } = setup('allkeys-lfu');
    a.run('CONFIG', 'SET', 'dir', dir);
    a.run('SET', 'k', 'v');
    a.run('RPUSH', 'l', 'a');
    e.dbs[0].setAccessTime('k', lfuFieldWithFreq(e.lfuClock(), 100));
    assert.equal(a.run('DEBUG', 'RELOAD'), 'OK');
    assert.equal(a.run('OBJECT', 'FREQ', 'k'), 100);
    assert.equal(a.run('OBJECT', 'FREQ', 'l'), 5);
    a.run('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru');
    a.run('SET', 'k', 'v');
    clock.advance(500_000);
    e.tick();
    assert.equal(a.run('DEBUG', 'RELOAD'), 'OK');
    assert.equal(a.run('OBJECT', 'IDLETIME', 'k'), 500);
    // A file saved under LRU has no FREQ: under LFU the keys load as new.
    a.run('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lfu');
    assert.equal(a.run('DEBUG', 'RELOAD', 'NOSAVE'), 'OK');
    assert.equal(a.run('OBJECT', 'FREQ', 'k'), 5);
    e.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
