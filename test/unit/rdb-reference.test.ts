/**
 * Acceptance: every reference RDB file written by Redis (../shared/reference/rdb) decodes to the logical contents Redis itself shows for it: the JSON
 * beside the all-types file, and for the older-encoding files a redis-server started on the file.
 * The FUNCTION library is a later issue: it is checked to be present and skipped. Streams are
 * compared as dumpjson.py shows them, idle times of pending entries aside.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REFERENCE_RDB_DIR } from '../helpers/reference.js';
import { readRdb } from '../../src/persistence/rdb/file-read.js';
import { DEFAULT_LIMITS } from '../../src/persistence/rdb/decoded.js';
import { logicalDump, logicalOf, type LogicalDump } from '../helpers/logical-dump.js';
import { startRedisServer } from '../helpers/redis-server.js';

const DIR = REFERENCE_RDB_DIR;

/** Decodes a file into the logical-dump shape. */
function decodeFile(file: string, now = Date.now()): { dump: LogicalDump; functions: string[]; skipped: string[] } {
  const dump: LogicalDump = {};
  const res = readRdb(readFileSync(join(DIR, file)), {
    limits: DEFAULT_LIMITS,
    databases: 16,
    checksum: true,
    now,
    onKey: (db, key, value, expireAt) => {
      (dump[String(db)] ??= {})[key] = logicalOf(value, expireAt);
    },
  });
  for (const s of res.skipped) (dump[String(s.db)] ??= {})[s.key] = { type: s.type, pexpiretime: -1 };
  return { dump, functions: res.functions, skipped: res.skipped.map((s) => s.key) };
}

/** Sorts keys so deepEqual compares contents, not insertion order. */
function normalized(d: LogicalDump): LogicalDump {
  const out: LogicalDump = {};
  for (const db of Object.keys(d).sort()) {
    out[db] = {};
    for (const k of Object.keys(d[db]).sort()) {
      out[db][k] = d[db][k];
    }
  }
  return out;
}

test('redis-7.0.15-all-types.rdb decodes to its logical JSON (functions skipped explicitly)', () => {
  const now = Date.now();
  const { dump, functions, skipped } = decodeFile('redis-7.0.15-all-types.rdb', now);
  const json = JSON.parse(readFileSync(join(DIR, 'redis-7.0.15-all-types.json'), 'utf8')) as Record<string, unknown>;
  // Skipped on purpose (a later issue): the function library.
  assert.equal(functions.length, 1);
  assert.match(functions[0], /^#!lua name=mylib\n/);
  assert.deepEqual(skipped, []);
  delete json.functions;
  const expected = json as LogicalDump;
  for (const db of Object.keys(expected)) {
    for (const [k, e] of Object.entries(expected[db])) {
      // A key whose TTL has passed since the file was written is dropped at load, as in Redis.
      if (e.pexpiretime !== -1 && e.pexpiretime < now) delete expected[db][k];
      for (const rows of Object.values(e.pending ?? {}) as unknown[][][]) for (const r of rows) r[2] = 'IDLE';
    }
  }
  assert.deepEqual(normalized(dump), normalized(expected));
});

const OLDER = readdirSync(DIR).filter((f) => f !== 'redis-7.0.15-all-types.rdb' && !f.endsWith('.json'));

test('older-encoding reference files decode to what redis-server 7.0.15 loads from them', async () => {
  assert.ok(OLDER.length >= 6, `fixtures present: ${OLDER.join(', ')}`);
  for (const file of OLDER) {
    const dir = mkdtempSync(join(tmpdir(), 'sonic-rdb-ref-'));
    copyFileSync(join(DIR, file), join(dir, 'dump.rdb'));
    const redis = await startRedisServer({ args: ['--save', '', '--appendonly', 'no', '--dir', dir, '--dbfilename', 'dump.rdb'] });
    try {
      const theirs = await logicalDump(redis.port);
      const ours = decodeFile(file).dump;
      assert.deepEqual(normalized(ours), normalized(theirs), file);
      // scriptbackup.rdb holds only a 'lua' AUX field (scripts are no longer restored from RDB).
      if (file !== 'scriptbackup.rdb') assert.ok(Object.keys(theirs).length > 0, `${file} holds keys`);
    } finally {
      redis.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }
});
