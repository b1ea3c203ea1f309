/**
 * Acceptance (issue 7): 8 processes x 125 concurrent getOrSet on a cold key with a 200 ms loader
 * -> exactly 1 loader call in each of 50 runs; a loader error reaches every waiter within the
 * lease TTL. Against Sonic (embedded, in this process) and redis-server.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { forkWorkers, stopWorkers, type Worker } from '../../src/cache/testing/processes.js';
import { startTarget, TARGET_NAMES, type Target } from './targets.js';
import type { RunResult } from './workers/stampede.js';

const WORKER = fileURLToPath(new URL('./workers/stampede.js', import.meta.url));
const PROCESSES = 8;
const CONCURRENCY = 125;
const LOADER_MS = 200;
/** The cache's lease: hardTimeout (5 s, set by the worker) + 1 s. */
const LEASE_MS = 6000;

for (const name of TARGET_NAMES) {
  describe(`stampede protection on ${name}`, () => {
    let target: Target;
    let workers: Worker[];
    before(async () => {
      target = await startTarget(name);
      workers = await forkWorkers(PROCESSES, WORKER);
      await Promise.all(workers.map((w) => w.request({ kind: 'init', url: target.url, namespace: 'stampede' })));
    });
    after(async () => {
      await stopWorkers(workers);
      await target.close();
    });

    const runAll = (key: string, fail: boolean) =>
      Promise.all(workers.map((w) => w.request<RunResult>({ kind: 'run', key, concurrency: CONCURRENCY, loaderMs: LOADER_MS, fail })));

    it('50 runs: exactly one loader call for 1,000 concurrent callers in 8 processes', async () => {
      for (let run = 0; run < 50; run++) {
        const results = await runAll(`cold-${run}`, false);
        const calls = results.reduce((a, r) => a + r.loaderCalls, 0);
        assert.equal(calls, 1, `run ${run}: ${calls} loader calls`);
        assert.deepEqual(results.flatMap((r) => r.other), []);
        assert.equal(results.reduce((a, r) => a + r.values, 0), PROCESSES * CONCURRENCY);
      }
    });

    it("10 runs: the loader's error reaches all 1,000 callers well within the lease TTL", async () => {
      for (let run = 0; run < 10; run++) {
        const results = await runAll(`failing-${run}`, true);
        // Usually 1; a process whose first read reaches the server only after the failure (a
        // loaded machine) is not a waiter: it takes the next lease and calls the loader itself.
        assert.ok(results.reduce((a, r) => a + r.loaderCalls, 0) >= 1, `run ${run}`);
        assert.deepEqual(results.flatMap((r) => r.other), []);
        assert.equal(results.reduce((a, r) => a + r.errors, 0), PROCESSES * CONCURRENCY);
        const slowest = Math.max(...results.map((r) => r.maxMs));
        assert.ok(slowest < LEASE_MS, `run ${run}: a waiter took ${slowest.toFixed(0)} ms (lease ${LEASE_MS} ms)`);
      }
    });
  });
}
