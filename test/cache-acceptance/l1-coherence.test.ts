/**
 * Acceptance, L1 coherence (issue 7; docs/cache/DESIGN.md, sections 5 and 8), on both targets.
 *
 * 4 instances, each with its own connections, invalidation channel and L1 (a key -> value map
 * reading through GET), read continuously while a writer on another connection SETs random keys
 * to the write's sequence number.
 * - Phase 1, 10,000 writes: the stale-read window of each write, from its acknowledgement until no
 *   instance's L1 holds a value older than it, has p99 <= 10 ms.
 * - Phase 2, ~10 s of writes while every instance's invalidation connection is killed (CLIENT KILL
 *   ID) every second: no L1 read returns a value older than a write acknowledged more than
 *   staleWindow before it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { startTarget, TARGET_NAMES, type Target } from './targets.js';
import { TwoTier, LruStore, type L1Store, type L1Stats } from '../../src/cache/l1/index.js';
import type { RedisAdapter } from '../../src/cache/client/adapter.js';
import { prng } from '../helpers/prng.js';

const KEYS = 100;
const PREFIX = 'l1c';
const STALE_WINDOW_MS = 1000;
const PHASE1_WRITES = 10_000;
const PHASE2_MS = 10_000;
const key = (i: number) => `${PREFIX}:k${i}`;
const tick = () => new Promise<void>((r) => setImmediate(r));
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Every acknowledged write of one key, in order (the writer is sequential, so seq and time agree). */
interface KeyLog {
  seqs: number[];
  acks: number[];
}

/** Tracks, per write, how long some instance's L1 could still return an older value. */
class WindowMeter {
  readonly logs = new Map<string, KeyLog>();
  /** Window per write (ms), by write index = seq - 1. */
  readonly windows: number[] = [];
  private readonly watches: Map<string, { seq: number; ack: number }[]>[];
  measuring = true;

  constructor(instances: number) {
    this.watches = Array.from({ length: instances }, () => new Map());
  }

  log(k: string): KeyLog {
    let l = this.logs.get(k);
    if (l === undefined) this.logs.set(k, (l = { seqs: [], acks: [] }));
    return l;
  }

  /** The write was acknowledged: watch every instance whose L1 holds an older value. */
  acked(k: string, seq: number, at: number, held: (i: number) => string | undefined): void {
    const l = this.log(k);
    l.seqs.push(seq);
    l.acks.push(at);
    if (!this.measuring) return;
    this.windows[seq - 1] = 0;
    for (let i = 0; i < this.watches.length; i++) {
      const v = held(i);
      if (v !== undefined && Number(v) < seq) this.watch(i, k, seq, at);
    }
  }

  /** Instance `i` stored `v` for `k`: a value older than an acknowledged write opens a window. */
  stored(i: number, k: string, v: string): void {
    this.changed(i, k, v);
    const l = this.logs.get(k);
    if (!this.measuring || l === undefined) return;
    const n = Number(v);
    const j = l.seqs.findIndex((s) => s > n);
    if (j >= 0) this.watch(i, k, l.seqs[j], l.acks[j]);
  }

  private watch(i: number, k: string, seq: number, ack: number): void {
    const ws = this.watches[i].get(k);
    if (ws === undefined) this.watches[i].set(k, [{ seq, ack }]);
    else ws.push({ seq, ack });
  }

  /** Instance `i`'s L1 entry for `k` changed to `v` (undefined: gone): close the windows it ends. */
  changed(i: number, k: string, v: string | undefined): void {
    const ws = this.watches[i].get(k);
    if (ws === undefined) return;
    const now = performance.now();
    const rest = ws.filter((w) => {
      if (v !== undefined && Number(v) < w.seq) return true;
      this.windows[w.seq - 1] = Math.max(this.windows[w.seq - 1], now - w.ack);
      return false;
    });
    if (rest.length === 0) this.watches[i].delete(k);
    else this.watches[i].set(k, rest);
  }

  cleared(i: number): void {
    for (const k of [...this.watches[i].keys()]) this.changed(i, k, undefined);
  }

  /** Closes what is still open (counted as lasting until now) and stops measuring. */
  finish(): number {
    let open = 0;
    for (let i = 0; i < this.watches.length; i++) {
      open += this.watches[i].size;
      this.cleared(i);
    }
    this.measuring = false;
    return open;
  }

  /** Whether `v` for `k` read at `t` is older than a write acknowledged before `t - window`. */
  staleAt(k: string, v: string, t: number, window: number): boolean {
    const l = this.logs.get(k);
    if (l === undefined) return false;
    let lo = 0;
    let hi = l.acks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (l.acks[mid] <= t - window) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && l.seqs[lo - 1] > Number(v);
  }
}

/** An L1 store that reports every change of an entry to the meter (the test's eyes on L1). */
class ObservedStore implements L1Store<string> {
  private readonly inner = new LruStore<string>({ maxEntries: 10 * KEYS });
  readonly held = new Map<string, string>();
  constructor(
    private readonly i: number,
    private readonly meter: WindowMeter,
  ) {}
  get(k: string, now: number): string | undefined {
    return this.inner.get(k, now);
  }
  set(k: string, v: string, deadline: number, size?: number): void {
    this.inner.set(k, v, deadline, size);
    this.held.set(k, v);
    this.meter.stored(this.i, k, v);
  }
  delete(k: string): boolean {
    this.held.delete(k);
    this.meter.changed(this.i, k, undefined);
    return this.inner.delete(k);
  }
  clear(): void {
    this.held.clear();
    this.meter.cleared(this.i);
    this.inner.clear();
  }
  has(k: string): boolean {
    return this.inner.has(k);
  }
  get size(): number {
    return this.inner.size;
  }
  get bytes(): number {
    return this.inner.bytes;
  }
  stats(): L1Stats {
    return this.inner.stats();
  }
}

interface Instance {
  tt: TwoTier<string>;
  store: ObservedStore;
  adapter: RedisAdapter;
}

const p99 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * 0.99) - 1];

for (const name of TARGET_NAMES) {
  describe(`acceptance: L1 coherence (${name})`, () => {
    let t: Target;
    const opened: TwoTier<string>[] = [];
    before(async () => {
      t = await startTarget(name);
    });
    after(async () => {
      for (const tt of opened) await tt.close();
      await t?.close();
    });

    it('stale window p99 <= 10 ms over 10,000 writes; no stale L1 read past staleWindow while the channel is killed every second', { timeout: 60_000 }, async () => {
      const meter = new WindowMeter(4);
      const writer = t.adapter();
      const admin = t.adapter();
      for (let k = 0; k < KEYS; k++) await writer.call(['SET', key(k), '0']);
      const instances: Instance[] = [];
      for (let i = 0; i < 4; i++) {
        const store = new ObservedStore(i, meter);
        const adapter = t.adapter();
        const tt = await TwoTier.open(store, 60_000, { adapter, prefix: PREFIX, staleWindowMs: STALE_WINDOW_MS });
        instances.push({ tt, store, adapter });
        opened.push(tt);
      }

      // Readers: batches of reads, yielding between batches so I/O (invalidations) gets its turn.
      let running = true;
      const reads = { l1: 0, l2: 0, staleL1: 0 };
      const reader = async (inst: Instance, seed: number) => {
        const r = prng(seed);
        while (running) {
          for (let j = 0; j < 20; j++) {
            const k = key(Math.floor(r() * KEYS));
            let v = inst.tt.peek(k);
            if (v !== undefined) {
              reads.l1++;
              if (meter.staleAt(k, v, performance.now(), STALE_WINDOW_MS)) reads.staleL1++;
              continue;
            }
            reads.l2++;
            v = await inst.tt.read(k, async () => String(await inst.adapter.call(['GET', k])));
          }
          // A timer, not setImmediate: a reader that only hits L1 would otherwise spin a core.
          await sleep(0);
        }
      };
      const readers = instances.map((inst, i) => reader(inst, 100 + i));
      try {

        // Phase 1: 10,000 sequential writes of random keys, value = sequence number.
        const r = prng(1);
        let seq = 0;
        /** Writes of a key some L1 held when the write was sent (it had to be invalidated). */
        let cachedBefore = 0;
        const write = async () => {
          const k = key(Math.floor(r() * KEYS));
          const s = ++seq;
          if (instances.some((inst) => inst.store.held.has(k))) cachedBefore++;
          await writer.call(['SET', k, String(s)]);
          meter.acked(k, s, performance.now(), (i) => instances[i].store.held.get(k));
        };
        for (let n = 0; n < PHASE1_WRITES; n++) {
          await write();
          if (n % 4 === 3) await tick();
        }
        await sleep(50);
        const unresolved = meter.finish();
        const windows = meter.windows;
        const l1Phase1 = reads.l1;
        const w99 = p99(windows);
        const nonZero = windows.filter((w) => w > 0).length;
        console.log(
          `# ${name}: phase 1: ${PHASE1_WRITES} writes, stale window p50 ${[...windows].sort((a, b) => a - b)[windows.length >> 1].toFixed(3)} ms, ` +
            `p99 ${w99.toFixed(3)} ms, max ${Math.max(...windows).toFixed(3)} ms, ${nonZero} writes with an open window, ${cachedBefore} of a key cached in L1; ` +
            `reads L1 ${reads.l1}, L2 ${reads.l2}`,
        );
        assert.equal(windows.length, PHASE1_WRITES);
        assert.equal(unresolved, 0, 'windows still open 50 ms after the last write');
        assert.ok(w99 <= 10, `stale window p99 ${w99} ms > 10 ms`);
        assert.ok(cachedBefore > PHASE1_WRITES / 2, `only ${cachedBefore} writes met a cached value: the test did not exercise L1`);
        assert.ok(l1Phase1 > 10_000, `only ${l1Phase1} L1 hits`);
        assert.equal(reads.staleL1, 0);

        // Phase 2: writes continue; every second every instance's invalidation connection is killed.
        const l1Before = reads.l1;
        const end = performance.now() + PHASE2_MS;
        let kills = 0;
        const killer = (async () => {
          while (performance.now() < end - 500) {
            await sleep(1000);
            for (const inst of instances) {
              for (const id of inst.tt.channel!.clientIds()) {
                kills += Number(await admin.call(['CLIENT', 'KILL', 'ID', String(id)]).catch(() => 0));
              }
            }
          }
        })();
        while (performance.now() < end) {
          await write();
          await sleep(1);
        }
        await killer;
        const flushes = instances.map((i) => i.tt.stats().channel.flushes.down);
        console.log(
          `# ${name}: phase 2: ${kills} kills, ${seq - PHASE1_WRITES} writes, L1 reads ${reads.l1 - l1Before}, ` +
            `stale L1 reads ${reads.staleL1}, 'down' flushes per instance ${flushes.join('/')}`,
        );
        assert.ok(kills >= 4 * 8, `only ${kills} kills`);
        assert.equal(reads.staleL1, 0, 'L1 reads older than a write acknowledged more than staleWindow before');
        assert.ok(reads.l1 - l1Before > 10_000, 'L1 served between kills');
        for (const f of flushes) assert.ok(f >= 8, `'down' flushes ${f}`);
        await sleep(200);
        for (const inst of instances) assert.equal(inst.tt.channel!.healthy(), true, 'healthy again after the last kill');
      } finally {
        running = false;
        await Promise.all(readers);
      }
    });
  });
}
