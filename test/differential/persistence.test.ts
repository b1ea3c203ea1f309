/**
 * Differential test of BGSAVE / SAVE / LASTSAVE / BGREWRITEAOF and -MISCONF (cases in
 * ./cases/persistence.ts). Each server runs in its own temp dir, since these commands write
 * files. The fault: a non-empty directory named like the RDB file makes the final rename fail,
 * so the BGSAVE fails; with save points set, writes (and PING) get -MISCONF until a save
 * succeeds. Last, redis-server loads the file a Sonic BGSAVE wrote, with equal contents.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../src/server/embedded.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { RawConnection } from '../helpers/raw-connection.js';
import { logicalDump } from '../helpers/logical-dump.js';
import { PERSISTENCE_ARG_ERRORS, PERSISTENCE_IN_EXEC, PERSISTENCE_MISCONF, PERSISTENCE_WHILE_SAVING, type Step } from './cases/persistence.js';

let redis: RedisServer;
let sonic: RunningServer;
let sonicDir: string;
let r: RawConnection;
let s: RawConnection;

before(async () => {
  sonicDir = mkdtempSync(join(tmpdir(), 'sonic-bgsave-'));
  // dbfilename is a protected config: CONFIG SET needs enable-protected-configs.
  redis = await startRedisServer({ args: ['--save', '', '--appendonly', 'no', '--enable-debug-command', 'yes', '--enable-protected-configs', 'yes'] });
  sonic = await startServer({ dir: sonicDir, save: '', 'enable-protected-configs': 'yes' });
  [r, s] = await Promise.all([RawConnection.open(redis.port), RawConnection.open(sonic.port)]);
});
after(async () => {
  r?.close();
  s?.close();
  await sonic?.close();
  redis?.stop();
  rmSync(sonicDir, { recursive: true, force: true });
});

async function same(step: Step, label: string): Promise<string[]> {
  const [a, b] = await Promise.all([r.run(step), s.run(step)]);
  for (let i = 0; i < step.length; i++) assert.equal(b[i], a[i], `${label}: ${step[i].join(' ')}`);
  return a;
}

function field(info: string, name: string): string | undefined {
  return new RegExp(`\r\n${name}:([^\r]*)`).exec(info)?.[1];
}

/** Waits until neither server runs or has scheduled a save or rewrite. */
async function idle(): Promise<void> {
  for (const c of [r, s]) {
    const deadline = Date.now() + 15000;
    for (;;) {
      const info = await c.cmd('INFO', 'persistence');
      if (['rdb_bgsave_in_progress', 'aof_rewrite_in_progress', 'aof_rewrite_scheduled'].every((f) => field(info, f) === '0')) break;
      assert.ok(Date.now() < deadline, 'a background save never ended');
      await new Promise((res) => setTimeout(res, 50));
    }
  }
}

async function sameFields(names: string[], label: string): Promise<void> {
  const [a, b] = await Promise.all([r.cmd('INFO', 'persistence'), s.cmd('INFO', 'persistence')]);
  for (const n of names) assert.equal(field(b, n), field(a, n), `${label}: ${n}`);
}

test('BGSAVE argument errors and LASTSAVE', async () => {
  await same(PERSISTENCE_ARG_ERRORS, 'args');
  const [a, b] = await Promise.all([r.cmd('LASTSAVE'), s.cmd('LASTSAVE')]);
  assert.match(a, /^:\d+\r\n$/);
  assert.match(b, /^:\d+\r\n$/);
});

test('replies while a BGSAVE runs; FLUSHALL stops it; a scheduled rewrite follows', async () => {
  await same(PERSISTENCE_WHILE_SAVING, 'while saving');
  await idle();
  await sameFields(['rdb_last_bgsave_status', 'aof_last_bgrewrite_status', 'rdb_bgsave_in_progress'], 'after');
});

test('BGSAVE and BGREWRITEAOF inside EXEC are scheduled', async () => {
  await same(PERSISTENCE_IN_EXEC, 'exec');
  await idle();
  await sameFields(['rdb_last_bgsave_status', 'aof_last_bgrewrite_status'], 'after exec');
});

test('a failed BGSAVE refuses writes with -MISCONF until a save succeeds', async () => {
  for (const dir of [redis.dir, sonicDir]) {
    mkdirSync(join(dir, 'blocked.rdb'), { recursive: true });
    writeFileSync(join(dir, 'blocked.rdb', 'in-the-way'), 'x');
  }
  const set = await same(
    [
      ['CONFIG', 'SET', 'dbfilename', 'blocked.rdb'],
      ['CONFIG', 'SET', 'save', '3600 1'],
      ['BGSAVE'],
    ],
    'fault',
  );
  assert.equal(set[0], '+OK\r\n');
  await idle();
  await sameFields(['rdb_last_bgsave_status'], 'failed');
  assert.equal(field(await s.cmd('INFO', 'persistence'), 'rdb_last_bgsave_status'), 'err');
  const replies = await same(PERSISTENCE_MISCONF, 'misconf');
  assert.match(replies[0], /^-MISCONF /);
  // The fault goes away: a successful save lifts the refusal.
  await same([['CONFIG', 'SET', 'dbfilename', 'good.rdb'], ['BGSAVE']], 'recover');
  await idle();
  await same([['SET', 'a', 'ok'], ['PING']], 'recovered');
  await sameFields(['rdb_last_bgsave_status'], 'recovered');
});

test('redis-server loads the file of a Sonic BGSAVE', async () => {
  const setup: Step = [
    ['FLUSHALL'],
    ['CONFIG', 'SET', 'save', ''],
    ['SET', 'str', 'hello'],
    ['SET', 'ttl', 'v', 'PX', '9000000000'],
    ['RPUSH', 'list', 'a', 'b', 'c'],
    ['SADD', 'ints', '1', '2', '3'],
    ['SADD', 'set', 'x', 'y'],
    ['HSET', 'hash', 'f', 'v'],
    ['ZADD', 'zset', '1.5', 'm'],
    ['XADD', 'stream', '1-1', 'f', 'v'],
    ['SELECT', '3'],
    ['SET', 'other', 'db'],
    ['SELECT', '0'],
    ['CONFIG', 'SET', 'dbfilename', 'sonic.rdb'],
    ['BGSAVE'],
  ];
  const replies = await s.run(setup);
  assert.equal(replies[replies.length - 1], '+Background saving started\r\n');
  await idle();
  assert.ok(existsSync(join(sonicDir, 'sonic.rdb')));
  const loaded = await startRedisServer({ args: ['--save', '', '--dir', sonicDir, '--dbfilename', 'sonic.rdb'] });
  try {
    assert.deepEqual(await logicalDump(loaded.port), await logicalDump(sonic.port));
  } finally {
    loaded.stop();
  }
});
