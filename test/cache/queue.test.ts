/** Reliable queue: push/dedupe, process with concurrency, ack, reclaim, dead-letter, stop. On Sonic and Redis. */
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Job, Processor } from '../../src/cache/patterns/queue.js';
import { describeOnTargets, type StreamEnv } from './stream-env.js';

describeOnTargets('queue', (getEnv, call) => {
  let env: StreamEnv;
  before(() => {
    env = getEnv();
  });

    it('processes pushed jobs once each, then acks and deletes them', async () => {
      const q = env.tk.queue('basic');
      const ids = [await q.push('a'), await q.push('b\x00\xff'), await q.push('c')];
      assert.ok(ids.every((id) => typeof id === 'string'));
      const seen: Job[] = [];
      const p = await q.process((job) => void seen.push(job));
      await env.until('3 jobs', () => seen.length === 3);
      await p.stop();
      assert.deepEqual(seen.map((j) => [j.id, j.payload, j.attempt]), [
        [ids[0], 'a', 1],
        [ids[1], 'b\x00\xff', 1],
        [ids[2], 'c', 1],
      ]);
      assert.equal(await q.length(), 0);
      assert.deepEqual(((await call(['XPENDING', q.stream, q.group])) as unknown[])[0], 0);
      assert.deepEqual(p.stats, { processed: 3, failed: 0, reclaimed: 0, deadLettered: 0 });
    });

    it('enqueues a dedupe id once within the window, and again after it', async () => {
      const q = env.tk.queue('dedupe', { dedupeWindow: 300 });
      assert.equal(typeof (await q.push('x', { dedupeId: 'order-1' })), 'string');
      assert.equal(await q.push('x again', { dedupeId: 'order-1' }), null);
      assert.equal(typeof (await q.push('y', { dedupeId: 'order-2' })), 'string');
      const many = await q.pushMany([{ payload: 'z', dedupeId: 'order-1' }, { payload: 'w' }]);
      assert.equal(many[0], null);
      assert.equal(typeof many[1], 'string');
      assert.equal(await q.length(), 3);
      await env.passTime(320);
      assert.equal(typeof (await q.push('x later', { dedupeId: 'order-1' })), 'string');
      assert.equal(await q.length(), 4);
    });

    it('never runs more than `concurrency` handlers at once', async () => {
      const q = env.tk.queue('conc');
      await q.pushMany(Array.from({ length: 12 }, (_, i) => ({ payload: String(i) })));
      let now = 0;
      let max = 0;
      let done = 0;
      const p = await q.process(
        async () => {
          max = Math.max(max, ++now);
          await new Promise((r) => setImmediate(r));
          now--;
          done++;
        },
        { concurrency: 3 },
      );
      await env.until('12 jobs', () => done === 12);
      await p.stop();
      assert.equal(max, 3);
      assert.equal(await q.length(), 0);
    });

    it('takes over a job whose consumer died, after the visibility timeout', async () => {
      const q = env.tk.queue('reclaim');
      const id = await q.push('stuck');
      await q.process(() => undefined, { consumer: 'warmup' }).then((p) => p.stop());
      // A consumer that reads the job and dies without acking it.
      await q.push('stuck 2');
      const read = (await call(['XREADGROUP', 'GROUP', q.group, 'dead', 'COUNT', '10', 'STREAMS', q.stream, '>'])) as unknown[];
      assert.ok(Array.isArray(read));
      const seen: Job[] = [];
      const p = await q.process((job) => void seen.push(job), { visibilityTimeout: 400 });
      await env.passTime(100);
      assert.equal(seen.length, 0, 'not before the visibility timeout');
      await env.until('the stuck job', () => seen.length === 1, 2000);
      await p.stop();
      assert.equal(seen[0].payload, 'stuck 2');
      assert.equal(seen[0].attempt, 2);
      assert.equal(p.stats.reclaimed, 1);
      assert.notEqual(seen[0].id, id);
      assert.equal(await q.length(), 0);
    });

    it('retries a failing job and dead-letters it after maxAttempts deliveries', async () => {
      const q = env.tk.queue('dlq');
      const id = await q.push('poison');
      const attempts: number[] = [];
      const errors: unknown[] = [];
      const p: Processor = await q.process(
        (job) => {
          attempts.push(job.attempt);
          throw new Error('boom');
        },
        { visibilityTimeout: 100, maxAttempts: 3, onError: (e) => errors.push(e) },
      );
      await env.until('dead-lettered', async () => Number(await call(['XLEN', q.dlq])) === 1, 3000);
      await p.stop();
      assert.deepEqual(attempts, [1, 2, 3]);
      assert.equal(errors.length, 3);
      assert.deepEqual(p.stats, { processed: 0, failed: 3, reclaimed: 2, deadLettered: 1 });
      const [[, fields]] = (await call(['XRANGE', q.dlq, '-', '+'])) as [string, string[]][];
      assert.deepEqual(fields, ['id', id, 'attempts', '3', 'p', 'poison']);
      assert.equal(await q.length(), 0);
      assert.deepEqual(((await call(['XPENDING', q.stream, q.group])) as unknown[])[0], 0);
    });

    it('stop() ends a blocked read at once, and close() stops every processor', async () => {
      const q = env.tk.queue('stop');
      const p1 = await q.process(() => undefined, { block: '30s' });
      await q.process(() => undefined, { block: '30s' });
      const t0 = Date.now();
      await p1.stop();
      await q.close();
      assert.ok(Date.now() - t0 < 2000, `stopped in ${Date.now() - t0} ms`);
      // Nothing reads any more: a new job stays waiting.
      await q.push('later');
      await env.passTime(50);
      assert.equal(await q.length(), 1);
    });

    it('docs/cache/queue.md example', async () => {
      const tk = env.tk;
      const sent: string[] = [];
      // --- example (docs/cache/queue.md) ---
      const emails = tk.queue('emails', { dedupeWindow: '1h' });
      await emails.push(JSON.stringify({ to: 'ada@example.com' }), { dedupeId: 'welcome:42' });
      await emails.push(JSON.stringify({ to: 'ada@example.com' }), { dedupeId: 'welcome:42' }); // ignored: same id
      await emails.process(
        async (job) => {
          const { to } = JSON.parse(job.payload) as { to: string };
          sent.push(to); // send the mail; a throw retries the job later
        },
        { concurrency: 8, visibilityTimeout: '30s', maxAttempts: 5 },
      );
      // --- end ---
      await env.until('sent', () => sent.length === 1);
      await emails.close();
      assert.deepEqual(sent, ['ada@example.com']);
    });

    it('rejects bad options', async () => {
      const q = env.tk.queue('opts');
      await assert.rejects(q.process(() => undefined, { concurrency: 0 }), /concurrency/);
      await assert.rejects(q.process(() => undefined, { maxAttempts: -1 }), /maxAttempts/);
      assert.throws(() => env.tk.queue('x', { dedupeWindow: 'soon' }), /dedupeWindow/);
    });
  });
