/**
 * maxmemory eviction on a real sonic-server process (its own heap, as in production): a cache
 * under allkeys-lru with a limit a few MB above its empty footprint is written ~8x the limit
 * in 1 KB values. It must keep answering every write (no -OOM), stay near the limit as INFO
 * reports it, count evictions, and tell an `evicted` subscriber and a tracking client (RESP3)
 * about the keys that went. Bounded: a fixed number of pipelined writes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RawConnection } from '../helpers/raw-connection.js';
import { freePort } from '../helpers/free-port.js';
import { waitForPong } from '../helpers/redis-server.js';
import { SERVER_NODE_FLAGS } from '../../src/cli/node-flags.js';

const SONIC = 'dist/src/cli/server.js';

function infoField(info: string, name: string): number {
  const m = new RegExp(`\\r\\n${name}:(\\d+)\\r\\n`).exec(info);
  assert.ok(m !== null, `INFO has ${name}`);
  return Number(m[1]);
}

test('allkeys-lru cache: keeps serving near maxmemory, events and invalidations arrive', async () => {
  const port = await freePort();
  // Its own empty directory: no dump.rdb to load.
  const dir = mkdtempSync(join(tmpdir(), 'sonic-evict-'));
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, SONIC, '--port', String(port), '--save', '', '--dir', dir], { stdio: 'ignore' });
  try {
    await waitForPong(port, 20000);
    const c = await RawConnection.open(port);
    const sub = await RawConnection.open(port);
    const tracker = await RawConnection.open(port);
    await c.cmd('CONFIG', 'SET', 'notify-keyspace-events', 'Ee');
    assert.match(await sub.cmd('SUBSCRIBE', '__keyevent@0__:evicted'), /subscribe/);
    await tracker.cmd('HELLO', '3');
    await tracker.cmd('CLIENT', 'TRACKING', 'on');
    const used0 = infoField(await c.cmd('INFO', 'memory'), 'used_memory');
    const limit = used0 + 8 * 1024 * 1024;
    await c.cmd('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru');
    await c.cmd('CONFIG', 'SET', 'maxmemory', String(limit));
    // The tracker caches the first key written.
    await c.cmd('SET', 'key:0', 'x'.repeat(1000));
    assert.equal(await tracker.cmd('GET', 'key:0'), `$1000\r\n${'x'.repeat(1000)}\r\n`);
    const value = 'v'.repeat(1000);
    const total = 64_000;
    let peak = 0;
    let oom = 0;
    for (let start = 1; start < total; start += 1000) {
      const cmds: string[][] = [];
      for (let i = start; i < start + 1000; i++) cmds.push(['SET', `key:${i}`, value]);
      for (const r of await c.run(cmds)) if (r.startsWith('-OOM')) oom++;
      const used = infoField(await c.cmd('INFO', 'memory'), 'used_memory');
      if (used > peak) peak = used;
    }
    assert.equal(oom, 0, 'every write was answered');
    // No limit from here on, so no command evicts between the counts read below.
    await c.cmd('CONFIG', 'SET', 'maxmemory', '0');
    const info = await c.cmd('INFO', 'everything');
    const evicted = infoField(info, 'evicted_keys');
    const dbsize = Number((await c.cmd('DBSIZE')).slice(1));
    assert.ok(evicted > total / 2, `evicted ${evicted}`);
    assert.ok(dbsize > 1000, `the cache still holds ${dbsize} keys`);
    assert.equal(dbsize + evicted, total + 1, 'key:0 and key:1..key:64000');
    if (process.env.EVICTION_REPORT) console.log({ limit, peak, evicted, dbsize });
    // Stays near the limit: the 1000 writes of a pipeline batch, and the young generation's
    // live part, may overshoot it before the next check.
    assert.ok(peak < limit + 4 * 1024 * 1024, `peak ${peak} vs limit ${limit}`);
    assert.equal(await c.cmd('GET', 'key:0'), '$-1\r\n', 'the oldest key was evicted');
    const events = await sub.readUntil('key:0');
    assert.match(events, /__keyevent@0__:evicted\r\n\$5\r\nkey:0$/);
    const pushes = await tracker.readUntil('key:0');
    assert.match(pushes, />2\r\n\$10\r\ninvalidate\r\n\*1\r\n\$5\r\nkey:0$/);
    c.close();
    sub.close();
    tracker.close();
  } finally {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
