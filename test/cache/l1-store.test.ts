/** L1 stores (LRU, W-TinyLFU): the shared contract, budgets, the sketch, and hit ratio on a Zipf trace. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createL1Store, LruStore, TinyLfuStore, type L1Policy, type L1Store } from '../../src/cache/l1/index.js';
import { FrequencySketch } from '../../src/cache/l1/sketch.js';
import { Zipf } from '../../src/cache/testing/zipf.js';
import { ToolkitOptionError } from '../../src/cache/errors.js';
import { prng } from '../helpers/prng.js';

const POLICIES: readonly L1Policy[] = ['lru', 'tinylfu'];

/** Runs a read-through trace: get, and on a miss set. Returns the hit ratio. */
function replay(store: L1Store<string>, trace: readonly string[]): number {
  for (const k of trace) if (store.get(k, 0) === undefined) store.set(k, k, Infinity, 1);
  return store.stats().hitRatio;
}

for (const policy of POLICIES) {
  describe(`L1 store contract (${policy})`, () => {
    it('gets what was set until its deadline, then misses and drops it', () => {
      const s = createL1Store<string>({ policy, maxEntries: 100 });
      s.set('a', 'A', 1000, 10);
      assert.equal(s.get('a', 999), 'A');
      assert.equal(s.get('a', 1000), undefined);
      assert.equal(s.has('a'), false);
      assert.equal(s.size, 0);
      assert.deepEqual(
        { hits: s.stats().hits, misses: s.stats().misses, hitRatio: s.stats().hitRatio },
        { hits: 1, misses: 1, hitRatio: 0.5 },
      );
    });

    it('replaces on set, deletes, clears, and keeps bytes equal to the sum of entry sizes', () => {
      const s = createL1Store<string>({ policy, maxEntries: 100 });
      s.set('a', 'A', Infinity, 10);
      s.set('b', 'B', Infinity, 20);
      s.set('a', 'A2', Infinity, 5);
      assert.equal(s.get('a', 0), 'A2');
      assert.equal(s.bytes, 25);
      assert.equal(s.delete('b'), true);
      assert.equal(s.delete('b'), false);
      assert.equal(s.bytes, 5);
      s.clear();
      assert.equal(s.size, 0);
      assert.equal(s.bytes, 0);
      assert.equal(s.get('a', 0), undefined);
    });

    it('sizes entries by sizeOf when set() gets no size', () => {
      const s = createL1Store<string>({ policy, sizeOf: (k, v) => k.length * 100 + v.length });
      s.set('ab', 'xyz', Infinity);
      assert.equal(s.bytes, 203);
    });

    it('never exceeds its entry and byte budgets, and never returns a value other than the last set', () => {
      const r = prng(7);
      const s = createL1Store<string>({ policy, maxEntries: 50, maxBytes: 2000 });
      const last = new Map<string, string>();
      for (let i = 0; i < 20_000; i++) {
        const k = `k${Math.floor(r() * 200)}`;
        const op = r();
        if (op < 0.5) {
          const got = s.get(k, i);
          if (got !== undefined) assert.equal(got, last.get(k));
        } else if (op < 0.95) {
          const v = `v${i}`;
          last.set(k, v);
          s.set(k, v, i + 1 + Math.floor(r() * 500), 1 + Math.floor(r() * 100));
        } else {
          s.delete(k);
          last.delete(k);
        }
        assert.ok(s.size <= 50, `entries ${s.size}`);
        assert.ok(s.bytes <= 2000, `bytes ${s.bytes}`);
      }
      assert.ok(s.stats().evictions > 0);
    });

    it('turns away an entry larger than the whole byte budget', () => {
      const s = createL1Store<string>({ policy, maxEntries: 10, maxBytes: 100 });
      s.set('big', 'x', Infinity, 101);
      assert.equal(s.has('big'), false);
      assert.equal(s.stats().rejected, 1);
    });

    it('rejects bad budgets with ToolkitOptionError', () => {
      assert.throws(() => createL1Store({ policy, maxEntries: 0 }), ToolkitOptionError);
      assert.throws(() => createL1Store({ policy, maxEntries: 1.5 }), ToolkitOptionError);
      assert.throws(() => createL1Store({ policy, maxBytes: 0 }), ToolkitOptionError);
    });
  });
}

describe('LruStore', () => {
  it('evicts the least recently used entry (a get refreshes recency)', () => {
    const s = new LruStore<string>({ maxEntries: 3 });
    for (const k of ['a', 'b', 'c']) s.set(k, k, Infinity);
    s.get('a', 0);
    s.set('d', 'd', Infinity);
    assert.deepEqual(['a', 'b', 'c', 'd'].map((k) => s.has(k)), [true, false, true, true]);
    assert.equal(s.stats().evictions, 1);
  });

  it('evicts by bytes as many entries as needed', () => {
    const s = new LruStore<string>({ maxBytes: 100 });
    for (const k of ['a', 'b', 'c', 'd']) s.set(k, k, Infinity, 25);
    s.set('e', 'e', Infinity, 60);
    assert.deepEqual(['a', 'b', 'c', 'd', 'e'].map((k) => s.has(k)), [false, false, false, true, true]);
    assert.equal(s.bytes, 85);
  });
});

describe('FrequencySketch', () => {
  it('absorbs the first access in the doorkeeper, counts the next ones, saturates at 15 (+1)', () => {
    const f = new FrequencySketch(1000);
    assert.equal(f.frequency('x'), 0);
    f.increment('x');
    assert.equal(f.frequency('x'), 1);
    for (let i = 0; i < 5; i++) f.increment('x');
    assert.equal(f.frequency('x'), 6);
    for (let i = 0; i < 50; i++) f.increment('x');
    assert.equal(f.frequency('x'), 16);
  });

  it('halves every counter and clears the doorkeeper after 10 x capacity recorded accesses', () => {
    const f = new FrequencySketch(64);
    for (let i = 0; i < 13; i++) f.increment('hot');
    let before = 0;
    let n = 0;
    while (f.resets === 0 && n < 10_000) {
      before = f.frequency('hot');
      f.increment(`cold${n++}`);
    }
    assert.equal(f.resets, 1);
    assert.ok(n <= 640 - 12, `aged after ${n} more accesses`);
    assert.ok(before >= 13, `before ${before}`);
    // Counters halve (the last access may have bumped one of hot's), the doorkeeper's +1 goes.
    const after = f.frequency('hot');
    assert.ok(after >= (before - 1) >> 1 && after <= before >> 1, `after ${after}, before ${before}`);
  });
});

describe('TinyLfuStore', () => {
  it('keeps a frequently used set through a scan of one-off keys that flushes an LRU', () => {
    const hot = Array.from({ length: 80 }, (_, i) => `hot${i}`);
    const scan = Array.from({ length: 1000 }, (_, i) => `scan${i}`);
    const trace = [...hot, ...hot, ...hot, ...scan, ...hot];
    const lru = new LruStore<string>({ maxEntries: 100 });
    const tlfu = new TinyLfuStore<string>({ maxEntries: 100 });
    replay(lru, trace);
    replay(tlfu, trace);
    // After the scan, LRU missed every hot key once more; TinyLFU kept (nearly) all of them.
    assert.equal(lru.stats().hits, 160);
    assert.ok(tlfu.stats().hits >= 238, `TinyLFU hits ${tlfu.stats().hits}`);
  });

  it('beats LRU on a Zipf(0.99) trace with a scan mixed in', () => {
    const r = prng(42);
    const zipf = new Zipf(10_000, 0.99, r);
    const trace: string[] = [];
    for (let i = 0; i < 200_000; i++) {
      trace.push(`z${zipf.next()}`);
      // A scan over 20,000 keys never seen again, interleaved with a fifth of the trace.
      if (i >= 80_000 && i < 100_000) trace.push(`scan${i}`);
    }
    const ratios = POLICIES.map((policy) => replay(createL1Store<string>({ policy, maxEntries: 500 }), trace));
    const [lru, tlfu] = ratios;
    console.log(`# Zipf(0.99) + scan, 500 entries: LRU ${lru.toFixed(4)}, W-TinyLFU ${tlfu.toFixed(4)}`);
    assert.ok(tlfu > lru * 1.1, `TinyLFU ${tlfu} should beat LRU ${lru} by more than 10%`);
  });
});

describe('Zipf', () => {
  it('draws item i with probability proportional to 1/(i+1)^s, deterministically per seed', () => {
    const n = 100;
    const a = new Zipf(n, 0.99, prng(1));
    const counts = new Array<number>(n).fill(0);
    for (let i = 0; i < 100_000; i++) counts[a.next()]++;
    let h = 0;
    for (let i = 1; i <= n; i++) h += 1 / Math.pow(i, 0.99);
    assert.ok(Math.abs(counts[0] / 100_000 - 1 / h) < 0.01, `p(0) ${counts[0] / 100_000} vs ${1 / h}`);
    assert.ok(counts[0] > counts[1] && counts[1] > counts[9] && counts[9] > counts[99]);
    const b = new Zipf(n, 0.99, prng(1));
    const c = new Zipf(n, 0.99, prng(1));
    assert.deepEqual(
      Array.from({ length: 50 }, () => b.next()),
      Array.from({ length: 50 }, () => c.next()),
    );
  });
});
