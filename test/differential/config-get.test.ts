/**
 * Differential test: redis-server 7.0.15 and sonic-server, both started with default settings
 * (only --port) in the same working directory, must report the same CONFIG GET * and answer
 * CONFIG SET/GET sequences with byte-identical replies. Sonic runs as a separate process here
 * (not embedded) so its defaults are the CLI's. The cases live in ./cases/config-get.ts.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decode } from '../unit/server-harness.js';
import { freePort } from '../helpers/free-port.js';
import { RawConnection } from '../helpers/raw-connection.js';
import { startRedisServer, waitForPong, type RedisServer } from '../helpers/redis-server.js';
import { CONFIG_SEQUENCE, HIDDEN_PARAMS } from './cases/config-get.js';

const SONIC = fileURLToPath(new URL('../../src/cli/server.js', import.meta.url));

/** Parameters whose values legitimately differ between the two processes. */
const DIFFERENT_BY_NATURE = new Set(['port']);

let dir = '';
let redis: RedisServer | undefined;
let sonic: ChildProcess | undefined;
let r: RawConnection;
let s: RawConnection;

before(async () => {
  // Same working directory, so `dir` (the cwd) reads the same on both.
  dir = mkdtempSync(join(tmpdir(), 'sonic-cfgdiff-'));
  redis = await startRedisServer({ args: [], cwd: dir });
  const sp = await freePort();
  sonic = spawn(process.execPath, [SONIC, '--port', String(sp)], { cwd: dir, stdio: 'ignore' });
  await waitForPong(sp);
  [r, s] = await Promise.all([RawConnection.open(redis.port), RawConnection.open(sp)]);
});

after(async () => {
  for (const conn of [r, s]) await conn?.cmd('shutdown', 'nosave').catch(() => '');
  r?.close();
  s?.close();
  redis?.stop();
  sonic?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function asMap(reply: string): Map<string, string> {
  const arr = decode(reply) as string[];
  const m = new Map<string, string>();
  for (let i = 0; i < arr.length; i += 2) m.set(arr[i], arr[i + 1]);
  return m;
}

test('CONFIG GET * reports the same parameters and default values as redis-server', async () => {
  const want = asMap(await r.cmd('config', 'get', '*'));
  const got = asMap(await s.cmd('config', 'get', '*'));
  assert.deepEqual([...got.keys()].sort(), [...want.keys()].sort());
  for (const [k, v] of want) {
    if (DIFFERENT_BY_NATURE.has(k)) continue;
    assert.equal(got.get(k), v, k);
  }
  // Hidden parameters answer to their exact names only, on both.
  for (const hidden of HIDDEN_PARAMS) {
    assert.equal(await s.cmd('config', 'get', hidden), await r.cmd('config', 'get', hidden), hidden);
  }
});

test('CONFIG SET/GET sequences give byte-identical replies', async () => {
  for (const argv of CONFIG_SEQUENCE) {
    const [want, got] = [await r.cmd(...argv), await s.cmd(...argv)];
    if (argv[1] === 'get' && argv.length > 3) {
      // Several names: Redis's order is its hash table's; compare as maps.
      assert.deepEqual(asMap(got), asMap(want), argv.join(' '));
    } else assert.equal(got, want, argv.join(' '));
  }
});
