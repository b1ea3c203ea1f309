/**
 * The AOF against the real thing: a Sonic AOF directory loads in redis-server 7.0.15 and a
 * Redis one in Sonic (compared logically, as /work/shared/tools/dumpjson.py does); a SIGKILLed server keeps every acknowledged INCR under appendfsync always and everysec;
 * truncated tails and corrupt middles follow Redis's rules.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { logicalDump } from '../helpers/logical-dump.js';
import { RawConnection } from '../helpers/raw-connection.js';
import { freePort } from '../helpers/free-port.js';
import { waitForPong, requireRedisServer } from '../helpers/redis-server.js';

const SONIC = 'dist/src/cli/server.js';

interface Proc {
  port: number;
  child: ChildProcess;
  log: () => string;
}

async function startProc(kind: 'sonic' | 'redis', dir: string, args: string[]): Promise<Proc> {
  const port = await freePort();
  const logFile = join(dir, `${kind}-${port}.log`);
  const all = ['--port', String(port), '--dir', dir, '--save', '', '--logfile', logFile, ...args];
  const child = kind === 'sonic' ? spawn(process.execPath, [SONIC, ...all], { stdio: 'ignore' }) : spawn('redis-server', all, { stdio: 'ignore' });
  const p = { port, child, log: () => (existsSync(logFile) ? readFileSync(logFile, 'latin1') : '') };
  await waitForPong(port, 20000);
  return p;
}

function kill(p: Proc): Promise<void> {
  return new Promise((resolve) => {
    if (p.child.exitCode !== null) return resolve();
    p.child.once('exit', () => resolve());
    p.child.kill('SIGKILL');
  });
}

/** The dataset, logically (the same walk as /work/shared/tools/dumpjson.py, minus FUNCTION LIST). */
async function dump(port: number): Promise<string> {
  return JSON.stringify(await logicalDump(port));
}

/** A mixed workload: every type, expiries, a transaction, INCRs, several databases. */
async function workload(port: number, rewriteMidway: boolean): Promise<void> {
  const c = await RawConnection.open(port);
  try {
    await c.cmd('SET', 'str', 'hello');
    await c.cmd('SET', 'ttl', 'v', 'EX', '1000');
    await c.cmd('INCR', 'counter');
    await c.cmd('RPUSH', 'list', 'a', 'b', 'c');
    await c.cmd('HSET', 'hash', 'f1', 'v1', 'f2', 'v2');
    await c.cmd('SADD', 'set', 'x', 'y', '1');
    await c.cmd('ZADD', 'zset', '1.5', 'm1', '2', 'm2');
    if (rewriteMidway) await c.cmd('BGREWRITEAOF');
    await c.cmd('MULTI');
    await c.cmd('INCRBY', 'counter', '10');
    await c.cmd('LPOP', 'list');
    await c.cmd('EXEC');
    await c.cmd('SELECT', '3');
    await c.cmd('SET', 'db3', 'bin\x00\xff\r\n');
    await c.cmd('EXPIRE', 'db3', '5000');
    await c.cmd('SELECT', '0');
    await c.cmd('SPOP', 'set');
    await c.cmd('INCRBYFLOAT', 'float', '1.25');
    await c.cmd('DEL', 'str');
    // Approximate trims are logged as the exact trims they did, LIMIT kept: the loader must apply
    // them whatever its own stream-node-max-entries (the reader runs with the default).
    await c.cmd('CONFIG', 'SET', 'stream-node-max-entries', '10');
    for (let i = 1; i <= 100; i++) await c.cmd('XADD', 'stream', `${i}-1`, 'f', String(i));
    await c.cmd('XADD', 'stream', 'MAXLEN', '~', '55', 'LIMIT', '30', '101-1', 'f', 'v');
    await c.cmd('XADD', 'stream', 'MINID', '~', '60', 'LIMIT', '10', '102-1', 'f', 'v');
    await c.cmd('XTRIM', 'stream', 'MAXLEN', '~', '20', 'LIMIT', '10');
  } finally {
    c.close();
  }
}

test('a Sonic AOF directory loads in redis-server, and a Redis one in Sonic, with the same data', async (t) => {
  try {
    requireRedisServer();
  } catch {
    return t.skip('redis-server not installed');
  }
  for (const [writer, reader] of [
    ['sonic', 'redis'],
    ['redis', 'sonic'],
  ] as const) {
    for (const preamble of ['yes', 'no']) {
      const dir = mkdtempSync(join(tmpdir(), 'sonic-aof-x-'));
      try {
        const w = await startProc(writer, dir, ['--appendonly', 'yes', '--aof-use-rdb-preamble', preamble]);
        await workload(w.port, true);
        // Redis rewrites in a child: wait for it before comparing.
        await new Promise((r) => setTimeout(r, writer === 'redis' ? 1500 : 100));
        const before = await dump(w.port);
        await kill(w);
        const r = await startProc(reader, dir, ['--appendonly', 'yes']);
        const after = await dump(r.port);
        await kill(r);
        assert.equal(after, before, `${writer} -> ${reader} (preamble ${preamble})`);
        assert.ok(before.includes('counter'));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
});

for (const policy of ['always', 'everysec']) {
  test(`SIGKILL at a random moment loses no acknowledged INCR (appendfsync ${policy})`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sonic-aof-crash-'));
    try {
      for (let round = 0; round < 3; round++) {
        const s = await startProc('sonic', dir, ['--appendonly', 'yes', '--appendfsync', policy]);
        const c = await RawConnection.open(s.port);
        let acked = Number((await c.cmd('GET', 'n')).split('\r\n')[1] ?? 0) || 0;
        let stop = false;
        const writer = (async () => {
          while (!stop) {
            try {
              const r = await c.cmd('INCR', 'n');
              if (!r.startsWith(':')) break;
              acked = Number(r.slice(1));
            } catch {
              break;
            }
          }
        })();
        await new Promise((r) => setTimeout(r, 200 + Math.random() * 600));
        await kill(s);
        stop = true;
        await Promise.race([writer, new Promise((r) => setTimeout(r, 1000))]);
        c.close();
        const s2 = await startProc('sonic', dir, ['--appendonly', 'yes', '--appendfsync', policy]);
        const c2 = await RawConnection.open(s2.port);
        const got = Number((await c2.cmd('GET', 'n')).split('\r\n')[1]);
        c2.close();
        await kill(s2);
        assert.ok(acked > 0, 'the writer made progress');
        assert.ok(got >= acked && got <= acked + 1, `acknowledged ${acked}, restored ${got}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

function incrFile(dir: string): string {
  const name = readdirSync(join(dir, 'appendonlydir')).find((f) => f.endsWith('.incr.aof'));
  assert.ok(name !== undefined);
  return join(dir, 'appendonlydir', name);
}

test('a truncated tail loads with aof-load-truncated yes and stops start-up with no; a corrupt middle names file and offset', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sonic-aof-trunc-'));
  try {
    const s = await startProc('sonic', dir, ['--appendonly', 'yes']);
    const c = await RawConnection.open(s.port);
    await c.cmd('SET', 'a', '1');
    await c.cmd('SET', 'b', '2');
    c.close();
    await kill(s);
    const incr = incrFile(dir);
    const good = readFileSync(incr);
    appendFileSync(incr, '*3\r\n$3\r\nSET\r\n$1\r\nc\r\n$1');
    const no = spawnSync(process.execPath, [SONIC, '--port', '0', '--unixsocket', join(dir, 's.sock'), '--dir', dir, '--appendonly', 'yes', '--aof-load-truncated', 'no'], { encoding: 'latin1', timeout: 20000 });
    assert.equal(no.status, 1);
    assert.match(no.stdout, /Unexpected end of file reading the append only file appendonly\.aof\.1\.incr\.aof/);
    const yes = await startProc('sonic', dir, ['--appendonly', 'yes']);
    const c2 = await RawConnection.open(yes.port);
    assert.equal(await c2.cmd('MGET', 'a', 'b', 'c'), '*3\r\n$1\r\n1\r\n$1\r\n2\r\n$-1\r\n');
    c2.close();
    await kill(yes);
    assert.match(yes.log(), /Truncating the AOF appendonly\.aof\.1\.incr\.aof at offset \d+/);
    assert.deepEqual(readFileSync(incr), good);
    // Garbage in the middle: start-up refuses, naming the file and the offset.
    writeFileSync(incr, Buffer.concat([good.subarray(0, 20), Buffer.from('garbage\r\n'), good.subarray(20)]));
    const bad = spawnSync(process.execPath, [SONIC, '--port', '0', '--unixsocket', join(dir, 's.sock'), '--dir', dir, '--appendonly', 'yes'], { encoding: 'latin1', timeout: 20000 });
    assert.equal(bad.status, 1);
    assert.match(bad.stdout, /Bad file format reading the append only file appendonly\.aof\.1\.incr\.aof at offset \d+/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
