/**
 * The forkless snapshot engine (persistence/bgsave/snapshot-job.ts): a snapshot written in slices
 * while a randomized writer changes every kind of value and the keyspace itself (DEL, EXPIRE,
 * RENAME, MOVE, SWAPDB, FLUSHDB, FLUSHALL, RESTORE ...) is an exact image of the dataset at its
 * start; extra memory follows the keys touched, not the dataset; the hooks go away at the end.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, newEngine, type TestClient } from './server-harness.js';
import type { Engine } from '../../src/engine/engine.js';
import { readRdb } from '../../src/persistence/rdb/file-read.js';
import { DEFAULT_LIMITS } from '../../src/persistence/rdb/decoded.js';
import { writeSnapshot } from '../../src/persistence/snapshot.js';
import { SnapshotJob } from '../../src/persistence/bgsave/snapshot-job.js';
import { rdbTarget } from '../../src/persistence/bgsave/bgsave.js';
import { encodingLimits } from '../../src/persistence/snapshot.js';
import { logicalOf, type LogicalDump } from '../helpers/logical-dump.js';
import { prng } from '../helpers/prng.js';

/** The logical contents of an RDB image (every key, expired or not) and its function libraries. */
function contentsOf(buf: Buffer): { dump: LogicalDump; functions: string[] } {
  const dump: LogicalDump = {};
  const res = readRdb(buf, {
    limits: DEFAULT_LIMITS,
    databases: 16,
    checksum: true,
    now: 0,
    onKey: (db, key, value, expireAt) => {
      (dump[db] ??= {})[key] = logicalOf(value, expireAt);
    },
  });
  return { dump, functions: res.functions };
}

/** The dataset now, as an RDB image written in one go. */
function imageNow(engine: Engine): Buffer {
  const chunks: Buffer[] = [];
  writeSnapshot(engine, (c) => void chunks.push(Buffer.from(c)));
  return Buffer.concat(chunks);
}

/** Starts a sliced snapshot (32 keys a slice) collecting its bytes. */
function startJob(engine: Engine): { job: SnapshotJob; done: Promise<Buffer> } {
  const chunks: Buffer[] = [];
  let job!: SnapshotJob;
  const done = new Promise<Buffer>((resolve, reject) => {
    job = new SnapshotJob(engine, {
      target: rdbTarget(engine, (c) => void chunks.push(Buffer.from(c))),
      keyDelayUs: 0,
      sliceMs: 0,
      withIdle: false,
      limits: encodingLimits(engine),
      compress: true,
      done: (err) => (err === null ? resolve(Buffer.concat(chunks)) : reject(err)),
    });
  });
  job.start();
  return { job, done };
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

/** Every type and encoding in databases 0..3, some keys with TTLs, one about to expire. */
function populate(c: TestClient, perDb: number): void {
  for (let db = 0; db < 4; db++) {
    c.run('SELECT', String(db));
    for (let i = 0; i < perDb; i++) {
      const k = `k${i}`;
      switch (i % 9) {
        case 0:
          c.run('SET', k, `v${i}`);
          break;
        case 1:
          c.run('SET', k, 'x'.repeat(40));
          c.run('APPEND', k, 'tail'); // a mutable string
          break;
        case 2:
          c.run('RPUSH', k, 'a', 'b', String(i));
          break;
        case 3:
          c.run('SADD', k, '1', '2', String(i)); // intset
          c.run('SADD', `${k}s`, 'm1', 'm2'); // hashtable
          break;
        case 4:
          c.run('HSET', k, 'f', 'v', 'g', String(i));
          break;
        case 5:
          c.run('ZADD', k, '1', 'a', '2.5', 'b');
          break;
        case 6:
          c.run('XADD', k, '1-1', 'f', 'v');
          c.run('XGROUP', 'CREATE', k, 'g', '0');
          break;
        case 7:
          c.run('SET', k, 'ttl', 'PX', '100000');
          break;
        case 8:
          c.run('SET', k, 'soon', 'PX', '15'); // expires while the snapshot runs
          break;
      }
    }
  }
  c.run('FUNCTION', 'LOAD', "#!lua name=lib1\nredis.register_function('f1', function() return 1 end)");
  c.run('SELECT', '0');
}

/** One random write of any kind to keys that exist and keys that do not. */
function randomWrite(c: TestClient, rnd: () => number, perDb: number): void {
  const k = (): string => `k${Math.floor(rnd() * perDb * 1.2)}`;
  const db = String(Math.floor(rnd() * 4));
  c.run('SELECT', db);
  const r = rnd();
  const ops: (() => unknown)[] = [
    () => c.run('SET', k(), `new${r}`),
    () => c.run('DEL', k(), k()),
    () => c.run('UNLINK', k()),
    () => c.run('EXPIRE', k(), '1000'),
    () => c.run('PEXPIRE', k(), '1'),
    () => c.run('PERSIST', k()),
    () => c.run('APPEND', k(), 'zz'),
    () => c.run('SETRANGE', k(), '3', 'QQ'),
    () => c.run('INCR', 'counter'),
    () => c.run('HSET', k(), 'f', 'changed', 'new', '1'),
    () => c.run('HDEL', k(), 'f'),
    () => c.run('LPUSH', k(), 'pushed'),
    () => c.run('RPOP', k()),
    () => c.run('SADD', k(), 'added', '77'),
    () => c.run('SPOP', k()),
    () => c.run('ZADD', k(), '9', 'z9'),
    () => c.run('ZINCRBY', k(), '3', 'a'),
    () => c.run('XADD', k(), '*', 'g', 'h'),
    () => c.run('XREADGROUP', 'GROUP', 'g', 'c1', 'COUNT', '1', 'STREAMS', k(), '>'),
    () => c.run('XACK', k(), 'g', '1-1'),
    () => c.run('XAUTOCLAIM', k(), 'g', 'c2', '0', '0-0'),
    () => c.run('PFCOUNT', k()),
    () => c.run('RENAME', k(), k()),
    () => c.run('MOVE', k(), String(Math.floor(rnd() * 4))),
    () => c.run('COPY', k(), k(), 'REPLACE'),
    () => c.run('GETDEL', k()),
    () => c.run('GETEX', k(), 'PX', '50'),
    () => c.run('PFADD', k(), 'a', 'b'),
    () => c.run('SETBIT', k(), '7', '1'),
    () => c.run('GET', k()), // lazy expiry
    () => {
      const src = k();
      const payload = c.run('DUMP', src);
      if (typeof payload === 'string') c.run('RESTORE', k(), '0', payload, 'REPLACE');
    },
    () => c.run('SWAPDB', db, String(Math.floor(rnd() * 4))),
    () => (rnd() < 0.1 ? c.run('FLUSHDB') : undefined),
    () => (rnd() < 0.02 ? c.run('FLUSHALL') : undefined),
    () => c.run('FUNCTION', 'DELETE', 'lib1'),
  ];
  ops[Math.floor(r * ops.length)]();
}

test('a sliced snapshot under a randomized writer is the dataset as of its start', async () => {
  for (const seed of [1, 2, 3]) {
    const engine = newEngine();
    const c = connect(engine);
    const perDb = 600;
    populate(c, perDb);
    const expected = contentsOf(imageNow(engine));
    const { job, done } = startJob(engine);
    const rnd = prng(seed);
    let writes = 0;
    while (job.running) {
      for (let i = 0; i < 8; i++, writes++) randomWrite(c, rnd, perDb);
      // Let time pass, so TTLs run out while the snapshot is written.
      if (writes % 64 === 0) await new Promise((r) => setTimeout(r, 2));
      else await tick();
    }
    const got = contentsOf(await done);
    assert.ok(writes > 200, `the writer ran along (${writes} writes)`);
    assert.deepEqual(got.functions, expected.functions);
    assert.deepEqual(got.dump, expected.dump, `seed ${seed}`);
    // Keys whose TTL passed during the snapshot are in it, with their TTL.
    assert.equal(got.dump['0']['k8'].value, 'soon');
    for (const db of engine.dbs) assert.equal(db.cow, null, 'no hook left after the snapshot');
    engine.close();
  }
});

test('copy-before-write keeps only the keys touched during the snapshot', async () => {
  const engine = newEngine();
  const c = connect(engine);
  for (let i = 0; i < 20000; i++) c.run('SET', `key:${i}`, 'v');
  c.run('HSET', 'h', 'a', '1');
  const { job, done } = startJob(engine);
  // Touch 50 keys (some twice) and create 50 new ones.
  for (let i = 0; i < 50; i++) {
    c.run('SET', `key:${i * 7}`, 'changed');
    c.run('APPEND', `key:${i * 7}`, 'more');
    c.run('SET', `new:${i}`, 'x');
  }
  c.run('HSET', 'h', 'a', '2');
  const buf = await done;
  assert.equal(job.cowKeys, 51);
  assert.ok(job.cowBytes < 200, `kept ${job.cowBytes} bytes`);
  const got = contentsOf(buf).dump['0'];
  assert.equal(Object.keys(got).length, 20001);
  assert.equal(got['key:7'].value, 'v');
  assert.deepEqual(got['h'].value, { a: '1' });
  engine.close();
});

test('a merging load settles what the snapshot still needs; FLUSHALL and SWAPDB need no copy', async () => {
  const engine = newEngine();
  const c = connect(engine);
  for (let i = 0; i < 3000; i++) c.run('SET', `a${i}`, 'x');
  c.run('SELECT', '1');
  for (let i = 0; i < 3000; i++) c.run('SET', `b${i}`, 'y');
  const expected = contentsOf(imageNow(engine));
  const { job, done } = startJob(engine);
  c.run('SWAPDB', '0', '1');
  c.run('FLUSHALL');
  c.run('SET', 'a1', 'after');
  const got = contentsOf(await done);
  assert.deepEqual(got.dump, expected.dump);
  assert.equal(job.cowKeys, 0);
  engine.close();
});
