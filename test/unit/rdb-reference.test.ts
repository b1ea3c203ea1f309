/**
 * Acceptance: every reference RDB file written by Redis (../shared/reference/rdb) decodes to the logical contents Redis itself shows for it: the JSON
 * beside the all-types file, and for the older-encoding files a redis-server started on the file.
 * Streams are compared as dumpjson.py shows them, idle times of pending entries aside; the
 * FUNCTION library as FUNCTION LIST WITHCODE shows it once a server has loaded the file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REFERENCE_RDB_DIR } from '../helpers/reference.js';
import { readRdb } from '../../src/persistence/rdb/file-read.js';
import { DEFAULT_LIMITS } from '../../src/persistence/rdb/decoded.js';
import { logicalDump, logicalOf, toJs, type LogicalDump } from '../helpers/logical-dump.js';
import { startRedisServer } from '../helpers/redis-server.js';
import { RawConnection } from '../helpers/raw-connection.js';
import { parseResp } from '../helpers/resp-frames.js';
import { startServer } from '../../src/server/embedded.js';

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

/** The all-types file's JSON, without keys whose TTL has passed by `now`, pending idle times masked. */
function expectedAllTypes(now: number): { keys: LogicalDump; functions: unknown } {
  const json = JSON.parse(readFileSync(join(DIR, 'redis-7.0.15-all-types.json'), 'utf8')) as Record<string, unknown>;
  const functions = json.functions;
  delete json.functions;
  const keys = json as LogicalDump;
  for (const db of Object.keys(keys)) {
    for (const [k, e] of Object.entries(keys[db])) {
      // A key whose TTL has passed since the file was written is dropped at load, as in Redis.
      if (e.pexpiretime !== -1 && e.pexpiretime < now) delete keys[db][k];
      for (const rows of Object.values(e.pending ?? {}) as unknown[][][]) for (const r of rows) r[2] = 'IDLE';
    }
  }
  return { keys, functions };
}

test('redis-7.0.15-all-types.rdb decodes to its logical JSON', () => {
  const now = Date.now();
  const { dump, functions, skipped } = decodeFile('redis-7.0.15-all-types.rdb', now);
  const expected = expectedAllTypes(now);
  assert.deepEqual(skipped, []);
  // The decoder hands over each library's code; its name and functions come from running it.
  const libraries = expected.functions as unknown[][];
  assert.deepEqual(functions, libraries.map((l) => l[l.indexOf('library_code') + 1]));
  assert.deepEqual(normalized(dump), normalized(expected.keys));
});

test('a server started on redis-7.0.15-all-types.rdb shows its logical JSON, function library included', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sonic-rdb-ref-'));
  copyFileSync(join(DIR, 'redis-7.0.15-all-types.rdb'), join(dir, 'dump.rdb'));
  const sonic = await startServer({ dir });
  try {
    const now = Date.now();
    const dump = await logicalDump(sonic.port);
    const c = await RawConnection.open(sonic.port);
    const functions = toJs(parseResp(await c.cmd('FUNCTION', 'LIST', 'WITHCODE')));
    c.close();
    const expected = expectedAllTypes(now);
    assert.deepEqual(functions, expected.functions);
    assert.deepEqual(normalized(dump), normalized(expected.keys));
  } finally {
    await sonic.close();
    rmSync(dir, { recursive: true, force: true });
  }
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
