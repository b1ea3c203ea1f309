/**
 * FUNCTION libraries across persistence, against redis-server 7.0.15: the library in the
 * reference RDB loads into Sonic (FUNCTION LIST as redis-server shows it, and it runs); an RDB
 * saved by Sonic with libraries loads into redis-server; FUNCTION DUMP payloads restore in both
 * directions; DEBUG RELOAD keeps libraries; a corrupt or conflicting library stops a load.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REFERENCE_RDB_DIR } from '../helpers/reference.js';
import { startServer } from '../../src/server/embedded.js';
import { startRedisServer } from '../helpers/redis-server.js';
import { RawConnection } from '../helpers/raw-connection.js';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'sonic-fn-'));
  dirs.push(d);
  return d;
}

async function run(port: number, ...cmds: string[][]): Promise<string[]> {
  const c = await RawConnection.open(port);
  try {
    return await c.run(cmds);
  } finally {
    c.close();
  }
}

const LIB2 = "#!lua name=lib2\nredis.register_function{function_name='f2', callback=function(keys, args) return #keys end, flags={'no-writes'}, description='counts keys'}";

test('the reference RDB\'s library loads into Sonic as redis-server shows it, and runs', async () => {
  const dir = tempDir();
  copyFileSync(join(REFERENCE_RDB_DIR, 'redis-7.0.15-all-types.rdb'), join(dir, 'dump.rdb'));
  const redis = await startRedisServer({ args: ['--save', '', '--dir', dir] });
  const sonic = await startServer({ dir });
  try {
    const cmds = [['FUNCTION', 'LIST', 'WITHCODE'], ['FCALL', 'myfunc', '0', 'hello'], ['FUNCTION', 'STATS']];
    assert.deepEqual(await run(sonic.port, ...cmds), await run(redis.port, ...cmds));
  } finally {
    redis.stop();
    await sonic.close();
  }
});

test('an RDB Sonic saves with libraries loads into redis-server; DEBUG RELOAD keeps them', async () => {
  const dir = tempDir();
  const sonic = await startServer({ dir });
  try {
    await run(sonic.port, ['FUNCTION', 'LOAD', "#!lua name=lib1\nredis.register_function('f1', function() return 'one' end)"], ['FUNCTION', 'LOAD', LIB2]);
    const before = await run(sonic.port, ['FUNCTION', 'LIST', 'WITHCODE'], ['FCALL', 'f1', '0'], ['FCALL_RO', 'f2', '2', 'a', 'b']);
    assert.deepEqual(await run(sonic.port, ['DEBUG', 'RELOAD']), ['+OK\r\n']);
    assert.deepEqual(await run(sonic.port, ['FUNCTION', 'LIST', 'WITHCODE'], ['FCALL', 'f1', '0'], ['FCALL_RO', 'f2', '2', 'a', 'b']), before);
    assert.deepEqual(await run(sonic.port, ['SAVE']), ['+OK\r\n']);
    const redis = await startRedisServer({ args: ['--save', '', '--dir', dir] });
    try {
      const list = await run(redis.port, ['FUNCTION', 'LIST', 'LIBRARYNAME', 'lib1', 'WITHCODE'], ['FUNCTION', 'LIST', 'LIBRARYNAME', 'lib2', 'WITHCODE'], ['FCALL', 'f1', '0']);
      assert.deepEqual(list, await run(sonic.port, ['FUNCTION', 'LIST', 'LIBRARYNAME', 'lib1', 'WITHCODE'], ['FUNCTION', 'LIST', 'LIBRARYNAME', 'lib2', 'WITHCODE'], ['FCALL', 'f1', '0']));
    } finally {
      redis.stop();
    }
  } finally {
    await sonic.close();
  }
});

test('FUNCTION DUMP payloads restore in both directions', async () => {
  const redis = await startRedisServer();
  const sonic = await startServer();
  try {
    const load = ['FUNCTION', 'LOAD', LIB2];
    const body = (bulk: string) => bulk.slice(bulk.indexOf('\r\n') + 2, -2);
    const redisDump = body((await run(redis.port, load, ['FUNCTION', 'DUMP']))[1]);
    const sonicDump = body((await run(sonic.port, load, ['FUNCTION', 'DUMP']))[1]);
    // (The code is LZF-compressed; Sonic's compressor may choose other matches than liblzf.)
    for (const payload of [redisDump, sonicDump]) {
      const cmds = [['FUNCTION', 'FLUSH'], ['FUNCTION', 'RESTORE', payload], ['FUNCTION', 'RESTORE', payload], ['FUNCTION', 'RESTORE', payload, 'REPLACE'], ['FUNCTION', 'LIST', 'WITHCODE'], ['FCALL', 'f2', '1', 'k']];
      assert.deepEqual(await run(sonic.port, ...cmds), await run(redis.port, ...cmds));
    }
  } finally {
    redis.stop();
    await sonic.close();
  }
});

test('a library that fails to load stops the RDB load: nothing changes', async () => {
  const dir = tempDir();
  const sonic = await startServer({ dir });
  try {
    await run(sonic.port, ['FUNCTION', 'LOAD', "#!lua name=lib1\nredis.register_function('f1', function() return 1 end)"], ['SET', 'k', 'v'], ['SAVE']);
    // NOFLUSH keeps lib1, which the file holds too: a conflict, as in Redis.
    const [reply] = await run(sonic.port, ['DEBUG', 'RELOAD', 'NOSAVE', 'NOFLUSH']);
    assert.match(reply, /^-ERR/);
    // MERGE lets the file's library replace the loaded one.
    assert.deepEqual(await run(sonic.port, ['DEBUG', 'RELOAD', 'NOSAVE', 'NOFLUSH', 'MERGE'], ['FCALL', 'f1', '0'], ['GET', 'k']), ['+OK\r\n', ':1\r\n', '$1\r\nv\r\n']);
  } finally {
    await sonic.close();
  }
});
