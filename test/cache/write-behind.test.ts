/** Write-behind engine: coalescing, batches, writes racing a flush, retries, shards, flush(). On Sonic and Redis. */
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import type { WriteBehindItem } from '../../src/cache/patterns/write-behind.js';
import { describeOnTargets, type StreamEnv } from './stream-env.js';

describeOnTargets('write-behind', (getEnv, call) => {
  let env: StreamEnv;
  before(() => {
    env = getEnv();
  });

    it('coalesces writes to a key before a flush into one sink write of the last payload', async () => {
      const batches: WriteBehindItem[][] = [];
      const wb = env.tk.writeBehind({ write: (b) => void batches.push(b), flusher: false });
      const v1 = await wb.enqueue('user:1', 'a');
      for (const p of ['b', 'c', 'd\x00\xff']) await wb.enqueue('user:1', p);
      await wb.enqueue('user:2', 'x');
      assert.equal(Number(await call(['XLEN', env.tk.context.keys.key('wb:0', 's')])), 2, 'one entry per waiting key');
      await wb.flush();
      assert.equal(batches.length, 1);
      assert.deepEqual(batches[0].map((i) => [i.key, i.payload, i.version - v1]), [
        ['user:1', 'd\x00\xff', 3],
        ['user:2', 'x', 4],
      ]);
      assert.equal(Number(await call(['XLEN', env.tk.context.keys.key('wb:0', 's')])), 0);
      assert.equal(Number(await call(['HLEN', env.tk.context.keys.key('wb:0', 'h')])), 0);
      await wb.close();
    });

    it('a write that lands while its key is being written is written after it', async () => {
      const sink = new Map<string, string>();
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let calls = 0;
      const wb = env.tk.writeBehind({
        group: 'race',
        write: async (b) => {
          if (calls++ === 0) await gate;
          for (const i of b) sink.set(i.key, i.payload);
        },
      });
      await wb.enqueue('k', 'v1');
      await env.until('the first batch in flight', () => calls === 1);
      await wb.enqueue('k', 'v2');
      release();
      await wb.flush();
      assert.equal(sink.get('k'), 'v2');
      assert.equal(calls, 2);
      await wb.close();
    });

    it('retries a failed write after the visibility timeout, and spreads keys over shards', async () => {
      const sink = new Map<string, string>();
      let failures = 1;
      const errors: unknown[] = [];
      const wb = env.tk.writeBehind({
        group: 'retry',
        shards: 4,
        batchSize: 10,
        visibilityTimeout: 200,
        onError: (e) => errors.push(e),
        write: (b) => {
          if (failures-- > 0) throw new Error('store down');
          for (const i of b) sink.set(i.key, i.payload);
        },
      });
      for (let i = 0; i < 40; i++) await wb.enqueue(`key${i}`, `p${i}`);
      await env.until('all 40 written', () => sink.size === 40, 5000);
      await wb.flush();
      assert.ok(errors.some((e) => e instanceof Error && e.message === 'store down'));
      for (let i = 0; i < 40; i++) assert.equal(sink.get(`key${i}`), `p${i}`);
      const used = [];
      for (let n = 0; n < 4; n++) used.push(Number(await call(['EXISTS', env.tk.context.keys.key(`wb:${n}`, 'c')])));
      assert.deepEqual(used, [1, 1, 1, 1], 'every shard got keys');
      await wb.close();
    });

    it('an enqueue-only instance leaves the writing to a flusher elsewhere', async () => {
      const sink = new Map<string, string>();
      const producer = env.tk.writeBehind({ group: 'split', flusher: false, write: () => assert.fail('no flusher here') });
      const flusher = env.tk.writeBehind({ group: 'split', write: (b) => b.forEach((i) => sink.set(i.key, i.payload)) });
      await producer.enqueue('a', '1');
      await producer.enqueue('b', '2');
      await env.until('flushed elsewhere', () => sink.size === 2);
      assert.deepEqual([...sink].sort(), [
        ['a', '1'],
        ['b', '2'],
      ]);
      await producer.close();
      await flusher.close();
    });

    it('docs/cache/write-behind.md example', async () => {
      const tk = env.tk;
      const db = new Map<string, string>();
      // --- example (docs/cache/write-behind.md) ---
      const profiles = tk.writeBehind({
        shards: 2,
        batchSize: 200,
        write: async (batch) => {
          for (const { key, payload } of batch) db.set(key, payload); // one multi-row UPSERT in real life
        },
      });
      await profiles.enqueue('user:7', JSON.stringify({ name: 'Ada' })); // durable in the server now
      await profiles.enqueue('user:7', JSON.stringify({ name: 'Ada L.' })); // coalesced with the first
      await profiles.flush(); // at shutdown: everything enqueued so far is in the store
      await profiles.close();
      // --- end ---
      assert.deepEqual([...db], [['user:7', '{"name":"Ada L."}']]);
    });

    it('rejects bad options', () => {
      assert.throws(() => env.tk.writeBehind({ write: () => undefined, shards: 0 }), /shards/);
      assert.throws(() => env.tk.writeBehind({ write: () => undefined, batchSize: 1.5 }), /batchSize/);
    });
  });
