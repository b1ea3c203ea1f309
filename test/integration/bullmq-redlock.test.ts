/**
 * Real users of Lua scripting against an in-process Sonic, unmodified: BullMQ (a queue, a
 * worker, retries with backoff, delayed jobs, a repeatable job) and redlock (acquire, contend,
 * extend, release). Both run their Lua scripts through EVALSHA/EVAL.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { Redis } from 'ioredis';
import { Queue, Worker, QueueEvents, type Job } from 'bullmq';
import { startServer, type RunningServer } from '../../src/server/embedded.js';

let server: RunningServer;

before(async () => {
  server = await startServer();
});

after(async () => {
  await server.close();
});

test('BullMQ: a worker processes jobs, retries with backoff, runs delayed and repeatable jobs', async () => {
  const connection = { host: server.host, port: server.port, maxRetriesPerRequest: null };
  const queue = new Queue('sonic', { connection });
  const events = new QueueEvents('sonic', { connection });
  const attempts = new Map<string, number>();
  const done = new Map<string, unknown>();
  let repeats = 0;
  const worker = new Worker(
    'sonic',
    async (job: Job) => {
      const n = (attempts.get(job.id ?? job.name) ?? 0) + 1;
      attempts.set(job.id ?? job.name, n);
      if (job.name === 'flaky' && n < 3) throw new Error(`attempt ${n} fails`);
      if (job.name === 'later') return { ranAt: Date.now(), queuedAt: job.timestamp };
      return `${job.name}:${JSON.stringify(job.data)}:${n}`;
    },
    { connection },
  );
  const finished = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out: done=${[...done.keys()].join(',')} repeats=${repeats}`)), 20000);
    worker.on('completed', (job: Job, result: unknown) => {
      if (job.name === 'tick') repeats++;
      else done.set(job.name, result);
      if (done.has('plain') && done.has('flaky') && done.has('later') && repeats >= 3) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  try {
    await queue.add('plain', { x: 1 });
    await queue.add('flaky', { y: 2 }, { attempts: 3, backoff: { type: 'fixed', delay: 50 } });
    await queue.add('later', {}, { delay: 300 });
    await queue.add('tick', {}, { repeat: { every: 100, limit: 3 } });
    await finished;
    assert.equal(done.get('plain'), 'plain:{"x":1}:1');
    assert.equal(done.get('flaky'), 'flaky:{"y":2}:3');
    const later = done.get('later') as { ranAt: number; queuedAt: number };
    assert.ok(later.ranAt - later.queuedAt >= 300, `the delayed job ran ${later.ranAt - later.queuedAt} ms after it was queued`);
    const counts = await queue.getJobCounts('completed', 'failed', 'delayed', 'waiting');
    assert.equal(counts.failed, 0);
    assert.ok(counts.completed >= 6);
  } finally {
    await worker.close();
    await events.close();
    await queue.obliterate({ force: true });
    await queue.close();
  }
});

/** redlock 4's API, as much as this test uses (the package has no types). */
interface Lock {
  value: string;
  unlock(): Promise<void>;
  extend(ttl: number): Promise<Lock>;
}
interface RedlockClass {
  new (clients: Redis[], options: { retryCount: number; retryDelay?: number }): { lock(resource: string, ttl: number): Promise<Lock> };
}

test('redlock: acquire, contend, extend, release', async () => {
  const Redlock = createRequire(import.meta.url)('redlock') as RedlockClass;
  const client = new Redis({ host: server.host, port: server.port });
  try {
    const redlock = new Redlock([client], { retryCount: 0 });
    const lock = await redlock.lock('locks:report', 1000);
    assert.equal(await client.get('locks:report'), lock.value);
    // Held: a second lock on the same resource fails.
    await assert.rejects(redlock.lock('locks:report', 1000));
    const extended = await lock.extend(5000);
    const ttl = await client.pttl('locks:report');
    assert.ok(ttl > 1000 && ttl <= 5000, `ttl after extend: ${ttl}`);
    await extended.unlock();
    assert.equal(await client.exists('locks:report'), 0);
    // Released: it can be taken again.
    const again = await redlock.lock('locks:report', 1000);
    await again.unlock();
    // Unlocking someone else's lock does nothing (the script compares the value).
    await client.set('locks:other', 'someone-else', 'PX', 1000);
    const foreign: Lock = Object.assign(Object.create(Object.getPrototypeOf(again) as object) as Lock, again, { resource: 'locks:other' });
    await foreign.unlock().catch(() => undefined);
    assert.equal(await client.get('locks:other'), 'someone-else');
  } finally {
    client.disconnect();
  }
});
