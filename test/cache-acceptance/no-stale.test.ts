/**
 * Acceptance (issue 7): 10,000 random interleavings of fill and invalidate -> 0 stale values
 * readable after an acknowledged invalidation. Against Sonic (in process) and redis-server.
 *
 * The model: a source of truth holds a version per key. A writer bumps the version and then
 * invalidates the cache entry (delete, expire, or a tag bump); once that is acknowledged, the
 * version is the key's floor. Four toolkit instances (each its own connection, as four processes
 * would be) read through getOrSet/get, with loaders that read the source and then wait until the
 * schedule releases them, so fills land before, during and after invalidations in every order.
 * Every read that starts after an acknowledgement must return a version at or above the floor it
 * saw when it started.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createToolkit } from '../../src/cache/toolkit.js';
import type { Cache } from '../../src/cache/patterns/cache.js';
import { startTarget, TARGET_NAMES, type Target } from './targets.js';
import { prng } from '../helpers/prng.js';

const STEPS = Number(process.env.NOSTALE_STEPS ?? 10_000);
const KEYS = ['a', 'b', 'c'];
const CALLERS = 4;

for (const name of TARGET_NAMES) {
  describe(`no stale fills on ${name}`, () => {
    let target: Target;
    before(async () => {
      target = await startTarget(name);
    });
    after(async () => {
      await target.close();
    });

    it(`${STEPS} interleavings of fill and invalidate: no stale value after an acknowledgement`, async () => {
      const next = prng(Number(process.env.NOSTALE_SEED ?? (name === 'sonic' ? 7 : 8)));
      const rnd = { int: (n: number) => Math.floor(next() * n) };
      const caches: Cache<number>[] = Array.from({ length: CALLERS }, () =>
        createToolkit({ client: target.adapter() }).cache<number>('nostale', { grace: '1m' }),
      );
      const source = new Map(KEYS.map((k) => [k, 0]));
      const floor = new Map(KEYS.map((k) => [k, 0]));
      const parked: (() => void)[] = [];
      const loader = async (k: string): Promise<number> => {
        const v = source.get(k)!;
        await new Promise<void>((release) => parked.push(release));
        return v;
      };
      const inflight = new Set<Promise<void>>();
      const violations: string[] = [];
      let reads = 0;
      const track = (p: Promise<void>) => {
        inflight.add(p);
        void p.finally(() => inflight.delete(p));
      };
      const check = (what: string, k: string, min: number, v: number | undefined, allowMissing: boolean) => {
        reads++;
        if (v === undefined ? !allowMissing : v < min) violations.push(`${what} ${k}: got ${v}, floor was ${min}`);
      };

      for (let step = 0; step < STEPS; step++) {
        const k = KEYS[rnd.int(KEYS.length)];
        const c = caches[rnd.int(CALLERS)];
        const roll = rnd.int(100);
        if (roll < 35) {
          const min = floor.get(k)!;
          track(c.getOrSet(k, loader, { tags: [`tag-${k}`] }).then((v) => check('getOrSet', k, min, v, false), (e) => void violations.push(`getOrSet ${k} failed: ${e}`)));
        } else if (roll < 60) {
          // Release a parked loader (the oldest or a random one), so fills land in any order.
          if (parked.length !== 0) parked.splice(rnd.int(parked.length), 1)[0]();
        } else if (roll < 75) {
          const min = floor.get(k)!;
          track(c.get(k).then((v) => check('get', k, min, v, true)));
        } else {
          // The writer: change the source, then invalidate; the floor moves once acknowledged.
          const v = source.get(k)! + 1;
          source.set(k, v);
          const how = rnd.int(3);
          const ack = how === 0 ? c.delete(k) : how === 1 ? c.expire(k) : c.invalidateTags([`tag-${k}`]);
          // Half the time the schedule waits for the acknowledgement before going on.
          const done = ack.then(() => void floor.set(k, Math.max(floor.get(k)!, v)));
          if (rnd.int(2) === 0) await done;
          else track(done);
        }
        // Let replies arrive between steps now and then.
        if (rnd.int(4) === 0) await new Promise((r) => setImmediate(r));
      }
      // Drain: release every loader until nothing is in flight.
      while (inflight.size !== 0) {
        for (const release of parked.splice(0)) release();
        await new Promise((r) => setImmediate(r));
      }
      assert.deepEqual(violations.slice(0, 10), []);
      assert.ok(reads > STEPS / 3, `only ${reads} reads were checked`);
      for (const c of caches) await c.close();
    });
  });
}
