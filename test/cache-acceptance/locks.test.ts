/**
 * Acceptance (issue 7, locks): 10,000 acquisitions of one lock over 4 forked workers (ttl 200 ms,
 * auto-extended), with 10 holders SIGSTOPped by this process for 500 ms (>= 2x ttl) while they hold
 * the lock, then SIGCONTed. A fenced store on the server (accepts a write only with a token >= the
 * highest seen) must accept 0 writes with an older token; the paused holders never even try one
 * (their signal has fired before their code runs again); the store's log shows no two critical
 * sections overlapping; and a paused holder's signal fires within one extend interval + one round
 * trip of resuming. Against Sonic (embedded, on the system clock) and redis-server.
 *
 * Each worker runs a second lock loop, which the stop freezes wherever it happens to be. When that
 * is between its signal check and its write leaving the process, the write reaches the store after
 * the lease is gone: no client-side check can prevent that, and the fence must refuse it. So a
 * refused write is allowed, but only one that may have reached the server after the lease ended:
 * the server's lease outlives the local deadline, so a write whose round trip was shorter than the
 * lease time left when it was sent arrived in time and must have been accepted.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { startTarget, TARGET_NAMES, type Target } from './targets.js';
import { forkWorkers, stopWorkers, type Worker } from '../../src/cache/testing/processes.js';
import type { LeaseId, RunRequest, RunResult } from './workers/lock-holder.js';

const WORKERS = 4;
const TOTAL = 10_000;
const TTL = 200;
const RESOURCES = 2; // each contended by all 4 workers; two of them keep the run short
const PAUSE_MS = 500;
const PAUSES = [3, 3, 2, 2]; // 10 paused holders
const workerPath = fileURLToPath(new URL('./workers/lock-holder.js', import.meta.url));
const wallNow = () => performance.timeOrigin + performance.now();

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
}

for (const name of TARGET_NAMES) {
  describe(`locks acceptance on ${name}`, () => {
    let target: Target;
    let workers: Worker[] = [];
    before(async () => {
      target = await startTarget(name, { realTime: true });
      workers = await forkWorkers(WORKERS, workerPath);
    });
    after(async () => {
      await stopWorkers(workers);
      await target?.close();
    });

    it(`${TOTAL} acquisitions, ${PAUSES.reduce((a, b) => a + b)} holders paused for ${PAUSE_MS} ms: 0 stale writes, no overlap, prompt signal`, async () => {
      const started = performance.now();
      const resumed = new Map<LeaseId, number>(); // wall time of the SIGCONT
      const pending: Promise<void>[] = [];
      for (const w of workers) {
        w.child.on('message', (m: { pauseMe?: LeaseId }) => {
          if (m.pauseMe === undefined) return;
          w.kill('SIGSTOP');
          pending.push(
            new Promise((resolve) =>
              setTimeout(() => {
                resumed.set(m.pauseMe!, wallNow());
                w.kill('SIGCONT');
                resolve();
              }, PAUSE_MS),
            ),
          );
        });
      }
      const resources = Array.from({ length: RESOURCES }, (_, r) => ({
        name: `job-${r}`,
        storeKeys: [`fs:{store-${r}}:hi`, `fs:{store-${r}}:log`, `fs:{store-${r}}:rejected`],
      }));
      const results = await Promise.all(
        workers.map((w, i) =>
          w.request<RunResult>({
            kind: 'run',
            url: target.url,
            prefix: 'acc',
            resources,
            n: TOTAL / WORKERS / RESOURCES,
            ttl: TTL,
            pauses: PAUSES[i],
            pauseEvery: 100,
            pauseMin: 2 * TTL,
          } satisfies RunRequest),
        ),
      );
      await Promise.all(pending);
      const elapsed = performance.now() - started;

      // Each store's view: begins strictly increase; every write belongs to the section that began last.
      const io = target.ioredis();
      let olderAccepted = 0;
      let overlaps = 0;
      let begins = 0;
      let ends = 0;
      let storeRejected = 0;
      const logs = new Map<string, string[][]>(); // resource -> [op, token, worker] in store order
      for (const { name: resource, storeKeys } of resources) {
        const log = (await io.lrange(storeKeys[1], 0, -1)).map((e) => e.split(' '));
        logs.set(resource, log);
        storeRejected += Number(await io.get(storeKeys[2]));
        let current = -1;
        let highest = -1;
        for (const [op, tok] of log) {
          const t = Number(tok);
          if (t < highest) olderAccepted++;
          highest = Math.max(highest, t);
          if (op === 'begin') {
            if (t <= current) overlaps++;
            current = t;
            begins++;
          } else {
            if (t !== current) overlaps++;
            ends++;
          }
        }
      }
      const sum = (f: (r: RunResult) => number) => results.reduce((a, r) => a + f(r), 0);
      const paused = results.flatMap((r) => r.paused);
      const aborts = new Map(results.flatMap((r) => r.aborts));
      const rttP99 = percentile(results.flatMap((r) => r.rtts), 0.99);
      const latencies = paused.map((p) => (aborts.get(p.id) ?? Infinity) - (resumed.get(p.id) ?? -Infinity));
      const bound = TTL / 3 + rttP99;
      console.log(
        `# ${name}: ${sum((r) => r.acquisitions)} acquisitions in ${(elapsed / 1000).toFixed(1)} s; ${paused.length} paused holders; ` +
          `abandoned ${sum((r) => r.abandoned)}; stale writes refused by the fence ${storeRejected}; signal after resume: max ${Math.max(...latencies).toFixed(2)} ms ` +
          `(bound ttl/3 + rtt p99 = ${bound.toFixed(1)} ms); store-write rtt p99 ${rttP99.toFixed(2)} ms`,
      );

      assert.equal(sum((r) => r.acquisitions), TOTAL);
      assert.equal(olderAccepted, 0, 'the fenced store accepted writes with an older token');
      const refusals = results.flatMap((r) => r.refusals);
      const pausedIds = new Set(paused.map((p) => p.id));
      assert.equal(storeRejected, refusals.length, 'the store refused writes no holder saw refused');
      for (const f of refusals) {
        assert.ok(!pausedIds.has(f.id), `paused holder ${f.id} tried a write ('${f.op}') after resuming`);
        if (f.rtt >= f.left) continue;
        // Evidence for whoever reads the failure: the accepted writes next to the refused token.
        const [resource, token] = f.id.split(':');
        const near = (logs.get(resource) ?? []).filter((e) => Math.abs(Number(e[1]) - Number(token)) <= 3).map((e) => e.join(' '));
        assert.fail(
          `write '${f.op}' of ${f.id} refused though it arrived in time (${f.left.toFixed(1)} ms left, round trip ${f.rtt.toFixed(1)} ms); ` +
            `store log near it: ${near.join(', ')}; all refusals: ${JSON.stringify(refusals)}`,
        );
      }
      assert.equal(overlaps, 0, 'two critical sections overlapped');
      assert.equal(begins, sum((r) => r.began));
      assert.equal(ends, sum((r) => r.ended));
      assert.equal(sum((r) => r.ended) + sum((r) => r.abandoned), TOTAL);
      assert.ok(sum((r) => r.abandoned) >= paused.length);
      assert.equal(paused.length, PAUSES.reduce((a, b) => a + b), 'every planned pause hit a holder');
      for (const p of paused) assert.equal(p.sawAborted, true, `holder ${p.id} resumed without seeing its lease lost`);
      // (-1: the two processes' wall clocks are read through their own performance.timeOrigin)
      for (const l of latencies) assert.ok(l >= -1 && l <= bound, `signal ${l.toFixed(2)} ms after resume; bound ${bound.toFixed(1)} ms`);
    });
  });
}
