/**
 * Background saves and AOF rewrites are written by a child process of the server (Redis's
 * child; persistence/bgsave/writer-process.ts). Tools find it with `pgrep -P <server pid>` and
 * kill it to make a job fail: the server then does what Redis does (status, log lines, temp file
 * removed, -MISCONF), and a job stopped by the server itself (CONFIG SET appendonly no) is not
 * an error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { RawConnection } from '../helpers/raw-connection.js';
import { infoField, startSonic, stop, tempDir, until, type Proc } from '../helpers/sonic-process.js';

/** The server's child processes (as the upstream suite's get_child_pid finds them). */
function childPids(p: Proc): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(p.child.pid)], { encoding: 'latin1' })
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map(Number);
  } catch {
    return []; // pgrep exits 1 when there is none
  }
}

async function info(c: RawConnection, field: string): Promise<string | undefined> {
  return infoField(await c.cmd('INFO', 'persistence'), field);
}

test('BGSAVE: the writer child has the job pid; killing it fails the save, removes its temp file and refuses writes', async () => {
  const dir = tempDir('child-rdb');
  try {
    const p = await startSonic(dir, ['--enable-debug-command', 'yes', '--save', '900 1']);
    const c = await RawConnection.open(p.port);
    assert.equal(await c.cmd('DEBUG', 'POPULATE', '100'), '+OK\r\n');
    // 10 s a key: the save stays in progress until the child is killed.
    assert.equal(await c.cmd('CONFIG', 'SET', 'rdb-key-save-delay', '10000000'), '+OK\r\n');
    assert.equal(await c.cmd('BGSAVE'), '+Background saving started\r\n');
    const pids = childPids(p);
    assert.equal(pids.length, 1);
    const pid = pids[0];
    assert.match(p.log(), new RegExp(`Background saving started by pid ${pid}\\n`));
    await until('temp file', () => existsSync(join(dir, `temp-${pid}.rdb`)));
    assert.equal(infoField(await c.cmd('INFO', 'stats'), 'total_forks'), '1');
    process.kill(pid, 'SIGKILL');
    await until('save ended', async () => (await info(c, 'rdb_bgsave_in_progress')) === '0');
    assert.equal(await info(c, 'rdb_last_bgsave_status'), 'err');
    assert.match(p.log(), /Background saving terminated by signal 9\n/);
    assert.equal(existsSync(join(dir, `temp-${pid}.rdb`)), false);
    assert.equal(existsSync(join(dir, 'dump.rdb')), false);
    assert.match(await c.cmd('SET', 'x', '1'), /^-MISCONF /);
    assert.equal(await c.cmd('GET', 'key:1'), '$7\r\nvalue:1\r\n');
    // A good save lifts the refusal.
    assert.equal(await c.cmd('CONFIG', 'SET', 'rdb-key-save-delay', '0'), '+OK\r\n');
    assert.equal(await c.cmd('BGSAVE'), '+Background saving started\r\n');
    await until('save ended', async () => (await info(c, 'rdb_bgsave_in_progress')) === '0');
    assert.equal(await info(c, 'rdb_last_bgsave_status'), 'ok');
    assert.equal(await c.cmd('SET', 'x', '1'), '+OK\r\n');
    assert.equal(existsSync(join(dir, 'dump.rdb')), true);
    assert.deepEqual(childPids(p), []);
    // FLUSHALL stops a running save on purpose (SIGUSR1 in Redis): not an error.
    assert.equal(await c.cmd('CONFIG', 'SET', 'rdb-key-save-delay', '10000000'), '+OK\r\n');
    assert.equal(await c.cmd('BGSAVE'), '+Background saving started\r\n');
    const second = childPids(p)[0];
    assert.equal(await c.cmd('FLUSHALL'), '+OK\r\n');
    assert.equal(await info(c, 'rdb_bgsave_in_progress'), '0');
    assert.equal(await info(c, 'rdb_last_bgsave_status'), 'ok');
    await until('child gone', () => childPids(p).length === 0);
    assert.equal(existsSync(join(dir, `temp-${second}.rdb`)), false);
    assert.match(p.log(), /Background saving terminated by signal 10\n/);
    c.close();
    await stop(p);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('BGREWRITEAOF: killing the writer child fails the rewrite and keeps the new INCR file; appendonly no kills a running one', async () => {
  const dir = tempDir('child-aof');
  try {
    const p = await startSonic(dir, ['--appendonly', 'yes']);
    const c = await RawConnection.open(p.port);
    assert.equal(await c.cmd('SET', 'k', 'v'), '+OK\r\n');
    assert.equal(await c.cmd('CONFIG', 'SET', 'rdb-key-save-delay', '10000000'), '+OK\r\n');
    assert.equal(await c.cmd('BGREWRITEAOF'), '+Background append only file rewriting started\r\n');
    assert.equal(await c.cmd('BGREWRITEAOF'), '-ERR Background append only file rewriting already in progress\r\n');
    const pid = childPids(p)[0];
    assert.match(p.log(), new RegExp(`Background append only file rewriting started by pid ${pid}\\n`));
    await until('temp file', () => existsSync(join(dir, `temp-rewriteaof-bg-${pid}.aof`)));
    process.kill(pid, 'SIGKILL');
    await until('rewrite ended', async () => (await info(c, 'aof_rewrite_in_progress')) === '0');
    assert.equal(await info(c, 'aof_last_bgrewrite_status'), 'err');
    assert.equal(await info(c, 'aof_rewrites_consecutive_failures'), '1');
    assert.match(p.log(), /Background AOF rewrite terminated by signal 9\n/);
    assert.equal(existsSync(join(dir, `temp-rewriteaof-bg-${pid}.aof`)), false);
    const manifest = readFileSync(join(dir, 'appendonlydir', 'appendonly.aof.manifest'), 'latin1');
    assert.equal(manifest, 'file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\nfile appendonly.aof.2.incr.aof seq 2 type i\n');
    // Writes go on to the new INCR file.
    assert.equal(await c.cmd('SET', 'k2', 'v2'), '+OK\r\n');
    // Turning the AOF off kills a running rewrite, as Redis's killAppendOnlyChild.
    assert.equal(await c.cmd('BGREWRITEAOF'), '+Background append only file rewriting started\r\n');
    const second = childPids(p)[0];
    assert.equal(await c.cmd('CONFIG', 'SET', 'appendonly', 'no'), '+OK\r\n');
    assert.equal(await info(c, 'aof_rewrite_in_progress'), '0');
    assert.match(p.log(), new RegExp(`Killing running AOF rewrite child: ${second}\\n`));
    await until('child gone', () => childPids(p).length === 0);
    assert.equal(existsSync(join(dir, `temp-rewriteaof-bg-${second}.aof`)), false);
    assert.equal(await info(c, 'aof_rewrites_consecutive_failures'), '1');
    c.close();
    await stop(p);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('CONFIG SET appendonly yes rewrites in the background: writes meanwhile land in the temp INCR file, which becomes the first INCR file', async () => {
  const dir = tempDir('child-enable');
  try {
    const p = await startSonic(dir);
    const c = await RawConnection.open(p.port);
    assert.equal(await c.cmd('SET', 'before', '1'), '+OK\r\n');
    assert.equal(await c.cmd('CONFIG', 'SET', 'rdb-key-save-delay', '200000'), '+OK\r\n');
    assert.equal(await c.cmd('CONFIG', 'SET', 'appendonly', 'yes'), '+OK\r\n');
    assert.equal(await info(c, 'aof_rewrite_in_progress'), '1');
    assert.equal(await c.cmd('SET', 'during', '2'), '+OK\r\n');
    assert.ok(readdirSync(join(dir, 'appendonlydir')).includes('temp-appendonly.aof.incr'));
    await until('rewrite ended', async () => (await info(c, 'aof_rewrite_in_progress')) === '0');
    assert.equal(await c.cmd('SET', 'after', '3'), '+OK\r\n');
    assert.equal(readFileSync(join(dir, 'appendonlydir', 'appendonly.aof.manifest'), 'latin1'), 'file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n');
    assert.equal(readdirSync(join(dir, 'appendonlydir')).includes('temp-appendonly.aof.incr'), false);
    c.close();
    await stop(p);
    const q = await startSonic(dir, ['--appendonly', 'yes']);
    const c2 = await RawConnection.open(q.port);
    assert.equal(await c2.cmd('MGET', 'before', 'during', 'after'), '*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n');
    c2.close();
    await stop(q);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
