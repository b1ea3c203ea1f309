/**
 * Acceptance (issue 7, rate limiters), on Sonic embedded and on redis-server 7.0: 4 processes x 64
 * clients on a virtual clock. Per tick the parent moves virtual time, tells every worker the `now`,
 * and each of the 256 clients sends one request (a consume on one of five limiters -- one per
 * algorithm -- or a consumeAll over three limits) for one of four subjects. All requests a tick
 * sends to one (limiter, subject) have the same cost and the same `now`, so which of them get in
 * does not depend on their order, and the multiset of answers is fixed: it must equal the
 * reference model's answers exactly (admitted counts, and every remaining/reset/retry-after).
 * After each tick: every limit's state (peek) equals the model's; a request rejected by design
 * leaves the stored state byte-identical (DUMP); a consumeAll rejected by one limit charges none.
 * The sliding-window counter also stays within its documented bound (<= limit per aligned window,
 * <= 2 x limit in any window-long span). Windows are 10 s+ of virtual time so that redis-server's
 * wall-clock expiry (garbage collection only) never runs ahead of the virtual clock.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { TARGET_NAMES, startTarget, type Target } from './targets.js';
import { VirtualClock } from '../../src/cache/testing/virtual-clock.js';
import { forkWorkers, stopWorkers, type Worker } from '../../src/cache/testing/processes.js';
import { createToolkit } from '../../src/cache/toolkit.js';
import { consumeAll, type RateLimiter, type RateLimiterOptions, type RateLimitResult } from '../../src/cache/patterns/rate-limit.js';
import type { RedisAdapter } from '../../src/cache/client/adapter.js';
import { LimiterModel, modelConsumeAll, type ModelResult } from '../cache/rate-limit-model.js';
import { wire, type WorkRequest } from './workers/rate-limit.js';
import { prng } from '../helpers/prng.js';

const WORKER = fileURLToPath(new URL('./workers/rate-limit.js', import.meta.url));
const PROCESSES = 4;
const CLIENTS = 64;
const TICKS = 50;
const T0 = 1_700_000_000_000; // a multiple of every window
const PREFIX = 'rla';

type Spec = Omit<RateLimiterOptions, 'name'> & { window: number };
const LIMITERS: Record<string, Spec> = {
  fw: { algorithm: 'fixed-window', limit: 40, window: 10_000 },
  sl: { algorithm: 'sliding-log', limit: 60, window: 20_000 },
  sw: { algorithm: 'sliding-window', limit: 40, window: 10_000 },
  tb: { algorithm: 'token-bucket', limit: 40, window: 10_000, burst: 25 },
  gc: { algorithm: 'gcra', limit: 30, window: 10_000, burst: 15 },
  'all-sw': { algorithm: 'sliding-window', limit: 20, window: 10_000 },
  'all-gc': { algorithm: 'gcra', limit: 15, window: 10_000, burst: 10 },
  'all-fw': { algorithm: 'fixed-window', limit: 50, window: 50_000 },
};
const SINGLE = ['fw', 'sl', 'sw', 'tb', 'gc'];
const GROUP = ['all-sw', 'all-gc', 'all-fw'];
const SUBJECTS = ['u0', 'u1', 'u2', 'u3'];

/** What a tick's requests go to: one limiter, or the consumeAll group, for one subject. */
interface Unit {
  subject: string;
  limiter?: string;
  all?: true;
}
const UNITS: Unit[] = [...SINGLE.flatMap((limiter) => SUBJECTS.map((subject) => ({ limiter, subject }))), ...SUBJECTS.map((subject) => ({ all: true as const, subject }))];

const canon = (r: RateLimitResult | ModelResult): string => JSON.stringify(wire({ ...r }));
const sorted = (xs: string[]) => [...xs].sort();
const capacity = (s: Spec) => s.burst ?? s.limit;

for (const targetName of TARGET_NAMES) {
  describe(`rate limiters acceptance on ${targetName}`, { timeout: 120_000 }, () => {
    let clock: VirtualClock;
    let target: Target;
    let workers: Worker[] = [];
    let adapter: RedisAdapter;
    let mine: Map<string, RateLimiter>;
    const models = new Map(Object.entries(LIMITERS).map(([name, s]) => [name, new LimiterModel({ algorithm: s.algorithm, limit: s.limit, windowMs: s.window, burst: s.burst })]));

    before(async () => {
      clock = new VirtualClock(T0);
      target = await startTarget(targetName, { clock });
      adapter = target.adapter();
      const tk = createToolkit({ client: adapter, clock, time: 'clock', prefix: PREFIX });
      mine = new Map(Object.entries(LIMITERS).map(([name, o]) => [name, tk.rateLimiter({ ...o, name })]));
      workers = await forkWorkers(PROCESSES, WORKER);
      await Promise.all(workers.map((w) => w.request({ kind: 'init', url: target.url, prefix: PREFIX, clients: CLIENTS, limiters: LIMITERS })));
    });
    after(async () => {
      await Promise.all(workers.map((w) => w.request({ kind: 'close' }).catch(() => undefined)));
      await stopWorkers(workers);
      await target?.close();
    });

    const state = async (key: string) => [await adapter.call(['DUMP', key]), await adapter.call(['PTTL', key])] as const;
    const sameState = (before: readonly unknown[], now: readonly unknown[], what: string) => {
      assert.deepEqual(now[0], before[0], `${what}: value changed by a rejected request`);
      assert.ok((now[1] as number) <= (before[1] as number), `${what}: TTL extended by a rejected request`);
    };

    it('admits exactly what the reference models admit; rejections charge nothing; consumeAll is atomic', async (t) => {
      const rand = prng(targetName === 'sonic' ? 71 : 72);
      const admitted: Record<string, [number, number]> = {}; // name -> [admitted, rejected]
      const swAdmissions = new Map<string, [number, number][]>(); // subject -> [time, units]
      let rejectionChecks = 0;
      let atomicChecks = 0;
      for (let tick = 0; tick < TICKS; tick++) {
        const r = rand();
        const toBoundary = 10_000 - (clock.now() % 10_000);
        await clock.advance(r < 0.1 ? 0 : r < 0.25 ? toBoundary : r < 0.35 ? toBoundary - 1 : r < 0.8 ? 1 + Math.floor(rand() * 4000) : 4000 + Math.floor(rand() * 8000));
        const now = clock.now();
        const pickCost = (spec: Spec) => (rand() < 0.03 ? capacity(spec) + 1 : rand() < 0.08 ? 0 : 1 + Math.floor(rand() * 2));
        const costs = UNITS.map((u) => (u.all ? GROUP.map((g) => pickCost(LIMITERS[g])) : [pickCost(LIMITERS[u.limiter!])]));
        const perWorker: WorkRequest[][] = workers.map(() => []);
        const sentTo: number[][] = workers.map(() => []); // unit index of each request
        for (let w = 0; w < PROCESSES; w++) {
          for (let client = 0; client < CLIENTS; client++) {
            const ui = Math.floor(rand() * UNITS.length);
            const u = UNITS[ui];
            perWorker[w].push(u.all ? { client, subject: u.subject, all: GROUP.map((limiter, j) => ({ limiter, cost: costs[ui][j] })) } : { client, subject: u.subject, limiter: u.limiter, cost: costs[ui][0] });
            sentTo[w].push(ui);
          }
        }
        const answers = await Promise.all(workers.map((wk, w) => wk.request<(RateLimitResult & { results?: RateLimitResult[] })[]>({ kind: 'tick', now, requests: perWorker[w] })));
        const got: string[][] = UNITS.map(() => []);
        answers.forEach((list, w) => list.forEach((a, i) => got[sentTo[w][i]].push(a.results ? JSON.stringify({ allowed: a.allowed, results: a.results }) : canon(a))));

        await Promise.all(
          UNITS.map(async (u, ui) => {
            const n = got[ui].length;
            const want: string[] = [];
            for (let i = 0; i < n; i++) {
              if (u.all) {
                const m = modelConsumeAll(GROUP.map((g, j) => ({ model: models.get(g)!, key: u.subject, cost: costs[ui][j] })), now);
                want.push(JSON.stringify({ allowed: m.allowed, results: m.results.map((x) => wire(x)) }));
              } else {
                want.push(canon(models.get(u.limiter!)!.consume(u.subject, now, costs[ui][0])));
              }
            }
            const name = u.all ? 'consumeAll' : u.limiter!;
            assert.deepEqual(sorted(got[ui]), sorted(want), `tick ${tick} (+${now - T0} ms) ${name} ${u.subject}: ${n} requests`);
            const ok = want.filter((x) => x.startsWith('{"allowed":true')).length;
            const tally = (admitted[name] ??= [0, 0]);
            tally[0] += ok;
            tally[1] += n - ok;
            if (u.limiter === 'sw' && ok > 0) {
              const list = swAdmissions.get(u.subject) ?? [];
              list.push([now, ok * costs[ui][0]]);
              swAdmissions.set(u.subject, list);
            }
          }),
        );

        // Every limit's state, as a peek sees it, equals the model's (a partial consumeAll charge
        // or a charged rejection would show here).
        await Promise.all(
          [...mine].flatMap(([name, rl]) =>
            SUBJECTS.map(async (s) => assert.deepEqual(await rl.peek(s, 0), models.get(name)!.peek(s, now, 0), `tick ${tick} peek ${name} ${s}`)),
          ),
        );

        // A request one unit too big is rejected and leaves the stored bytes as they were (on a
        // third of the limits each tick, to keep the run short).
        const sample = SINGLE.flatMap((name) => SUBJECTS.map((s) => [name, s] as const)).filter(() => rand() < 0.35);
        await Promise.all(
          sample.map(async ([name, s]) => {
            const rl = mine.get(name)!;
            const cost = (await rl.peek(s, 0)).remaining + 1;
            if (cost > capacity(LIMITERS[name])) return;
            const before = await state(rl.keyFor(s));
            const res = await rl.consume(s, cost);
            assert.equal(res.allowed, false, `${name} ${s} cost ${cost}`);
            assert.deepEqual(res, models.get(name)!.consume(s, now, cost));
            sameState(before, await state(rl.keyFor(s)), `${name} ${s}`);
            rejectionChecks++;
          }),
        );
        // consumeAll where only the last limit cannot fit: nothing is charged anywhere.
        await Promise.all(
          SUBJECTS.map(async (s) => {
            const last = mine.get(GROUP[2])!;
            const cost = (await last.peek(s, 0)).remaining + 1;
            if (cost > capacity(LIMITERS[GROUP[2]])) return;
            const items = GROUP.map((g, j) => ({ limiter: mine.get(g)!, key: s, cost: j === 2 ? cost : 1 }));
            const before = await Promise.all(items.map((it) => state(it.limiter.keyFor(s))));
            const res = await consumeAll(items);
            const m = modelConsumeAll(GROUP.map((g, j) => ({ model: models.get(g)!, key: s, cost: items[j].cost })), now);
            assert.equal(res.allowed, false);
            assert.deepEqual(res.results, m.results);
            const afterState = await Promise.all(items.map((it) => state(it.limiter.keyFor(s))));
            afterState.forEach((st, j) => sameState(before[j], st, `consumeAll ${GROUP[j]} ${s}`));
            atomicChecks++;
          }),
        );
      }

      for (const name of [...SINGLE, 'consumeAll']) {
        const [ok, rejected] = admitted[name] ?? [0, 0];
        assert.ok(ok > 100 && rejected > 100, `${name}: ${ok} admitted, ${rejected} rejected -- the schedule must exercise both`);
      }
      t.diagnostic(`admitted/rejected: ${JSON.stringify(admitted)}; rejection checks ${rejectionChecks}, consumeAll checks ${atomicChecks}`);
      assert.ok(rejectionChecks > 100 && atomicChecks > 50, `rejection checks ${rejectionChecks}, consumeAll checks ${atomicChecks}`);

      // The sliding-window counter's documented bound, on what it actually admitted.
      const { limit: L, window: W } = LIMITERS.sw;
      for (const [subject, list] of swAdmissions) {
        const perWindow = new Map<number, number>();
        for (const [t, units] of list) perWindow.set(t - (t % W), (perWindow.get(t - (t % W)) ?? 0) + units);
        for (const [start, units] of perWindow) assert.ok(units <= L, `sw ${subject}: ${units} in the window at ${start}`);
        for (const [t] of list) {
          const span = list.filter(([x]) => x > t - W && x <= t).reduce((a, [, u]) => a + u, 0);
          assert.ok(span <= 2 * L, `sw ${subject}: ${span} in the ${W} ms ending at ${t}`);
        }
      }
    });

    it('every key the limiters wrote expires (garbage collection)', async () => {
      const keys = (await adapter.call(['KEYS', `${PREFIX}:*`])) as string[];
      assert.ok(keys.length >= 30, `${keys.length} keys`);
      for (const k of keys) assert.ok(((await adapter.call(['PTTL', k])) as number) > 0, `${k} has a TTL`);
      if (targetName === 'sonic') {
        // Sonic runs on the virtual clock: two windows after the last write, all state is gone.
        await clock.advance(2 * 50_000 + 1);
        assert.deepEqual(await adapter.call(['KEYS', `${PREFIX}:*`]), []);
      }
    });
  });
}
