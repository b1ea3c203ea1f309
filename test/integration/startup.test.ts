/**
 * Start-up as redis-server does it (issue 6 parts 2-4): the server listens before it loads and
 * answers -LOADING (with INFO's loading_* fields) until a slow load is over; the AOF options
 * (automatic rewrite, CONFIG SET appendonly at runtime, write errors -> -MISCONF and recovery,
 * Redis's messages for bad files); and a symlink named redis-server started with a redis.conf.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { RawConnection } from '../helpers/raw-connection.js';
import { infoField, SONIC, spawnSonic, startSonic, stop, tempDir, until } from '../helpers/sonic-process.js';
import { freePort } from '../helpers/free-port.js';
import { waitForPong } from '../helpers/redis-server.js';

test('a slow RDB load: clients connect at once and get -LOADING, INFO shows the progress, then the data is there', async () => {
  const dir = tempDir('startup-rdb');
  try {
    const a = await startSonic(dir, ['--enable-debug-command', 'yes']);
    const c = await RawConnection.open(a.port);
    assert.equal(await c.cmd('DEBUG', 'POPULATE', '20000', 'key', '100'), '+OK\r\n');
    assert.equal(await c.cmd('SAVE'), '+OK\r\n');
    c.close();
    await stop(a);
    const size = readFileSync(join(dir, 'dump.rdb')).length;
    // 20000 keys x 100 us: about 2 s of loading, events served every 1 KB.
    const b = spawnSonic(dir, ['--save', '', '--key-load-delay', '100', '--loading-process-events-interval-bytes', '1024'], await freePort());
    try {
      const c2 = await RawConnection.open(b.port, 10000);
      assert.equal(await c2.cmd('PING'), '-LOADING Redis is loading the dataset in memory\r\n');
      assert.equal(await c2.cmd('GET', 'key:1'), '-LOADING Redis is loading the dataset in memory\r\n');
      const info = await c2.cmd('INFO', 'persistence');
      assert.equal(infoField(info, 'loading'), '1');
      assert.equal(infoField(info, 'loading_total_bytes'), String(size));
      assert.match(infoField(info, 'loading_loaded_perc') ?? '', /^\d+\.\d\d$/);
      assert.match(infoField(info, 'loading_start_time') ?? '', /^\d+$/);
      assert.match(infoField(info, 'loading_eta_seconds') ?? '', /^\d+$/);
      assert.ok(!b.log().includes('Ready to accept connections'), 'not ready while loading');
      await until('the load to finish', async () => (await c2.cmd('PING')) === '+PONG\r\n');
      assert.equal(await c2.cmd('DBSIZE'), ':20000\r\n');
      assert.match(await c2.cmd('GET', 'key:7'), /^\$100\r\nvalue:7\x00/);
      assert.equal(infoField(await c2.cmd('INFO', 'persistence'), 'loading'), '0');
      c2.close();
      assert.match(b.log(), /Done loading RDB, keys loaded: 20000, keys expired: 0\./);
      assert.match(b.log(), /DB loaded from disk: \d+\.\d{3} seconds\n.*Ready to accept connections/);
    } finally {
      // SIGTERM while loading must not save (it would replace the file with part of it).
      await stop(b, 'SIGTERM');
    }
    assert.equal(readFileSync(join(dir, 'dump.rdb')).length, size);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a slow AOF load answers -LOADING too and logs Redis lines; a key expired in the past survives the replay until loading ends', async () => {
  const dir = tempDir('startup-aof');
  try {
    const aofDir = join(dir, 'appendonlydir');
    mkdirSync(aofDir);
    writeFileSync(join(aofDir, 'appendonly.aof.manifest'), 'file appendonly.aof.1.incr.aof seq 1 type i\n');
    let text = '*3\r\n$5\r\nRPUSH\r\n$4\r\nlist\r\n$3\r\nfoo\r\n*3\r\n$9\r\nPEXPIREAT\r\n$4\r\nlist\r\n$4\r\n1000\r\n*3\r\n$5\r\nRPUSH\r\n$4\r\nlist\r\n$3\r\nbar\r\n';
    for (let i = 0; i < 3000; i++) text += `*3\r\n$3\r\nSET\r\n$${`k${i}`.length}\r\nk${i}\r\n$1\r\nv\r\n`;
    writeFileSync(join(aofDir, 'appendonly.aof.1.incr.aof'), text);
    // 3003 commands x 500 us: about 1.5 s, events served every 1024 commands as in Redis.
    const args = ['--save', '', '--appendonly', 'yes', '--key-load-delay', '500', '--loading-process-events-interval-bytes', '1024'];
    const p = spawnSonic(dir, args, await freePort());
    const c = await RawConnection.open(p.port, 10000);
    assert.equal(await c.cmd('PING'), '-LOADING Redis is loading the dataset in memory\r\n');
    assert.equal(infoField(await c.cmd('INFO', 'persistence'), 'loading'), '1');
    await until('the load to finish', async () => (await c.cmd('PING')) === '+PONG\r\n');
    // RPUSH list foo; PEXPIREAT list 1000 (the past); RPUSH list bar: Redis keeps the key during the
    // replay, so the list has its expiry and is gone afterwards (integration/aof "AOF+EXPIRE").
    assert.equal(await c.cmd('LLEN', 'list'), ':0\r\n');
    assert.equal(await c.cmd('DBSIZE'), ':3000\r\n');
    c.close();
    await stop(p);
    assert.match(p.log(), /DB loaded from incr file appendonly\.aof\.1\.incr\.aof: \d+\.\d{3} seconds/);
    assert.match(p.log(), /DB loaded from append only file: \d+\.\d{3} seconds/);
    assert.match(p.log(), /Opening AOF incr file appendonly\.aof\.1\.incr\.aof on server start/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bad AOF files stop start-up with Redis messages as the last log line', async () => {
  const dir = tempDir('startup-bad');
  try {
    const aofDir = join(dir, 'appendonlydir');
    mkdirSync(aofDir);
    const manifest = join(aofDir, 'appendonly.aof.manifest');
    const incr = join(aofDir, 'appendonly.aof.1.incr.aof');
    const cases: [string, string, RegExp][] = [
      ['file appendonly.aof.1.incr.aof seq 1 type i\n', '*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n*3\r\n$3\r\nbla\r\n$1\r\na\r\n$1\r\n1\r\n', /Unknown command 'bla' reading the append only file appendonly\.aof\.1\.incr\.aof at offset 27$/],
      ['file appendonly.aof.1.incr.aof seq 1 type i\n', '*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\nxyz\r\n', /Bad file format reading the append only file appendonly\.aof\.1\.incr\.aof at offset 27: make a backup/],
      ['file appendonly.aof.1.base.aof seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n', '', /Unable to obtain the AOF file appendonly\.aof\.1\.base\.aof length\. stat: No such file or directory$/],
      ['file appendonly.aof.1.incr.aof seq 1 type i\n', '*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1', /Unexpected end of file reading the append only file appendonly\.aof\.1\.incr\.aof\. You can: 1\)/],
    ];
    for (const [m, body, expected] of cases) {
      writeFileSync(manifest, m);
      writeFileSync(incr, body);
      const p = spawnSonic(dir, ['--appendonly', 'yes', '--aof-load-truncated', 'no'], await freePort());
      assert.equal(await p.exited, 1);
      const lines = p.log().trimEnd().split('\n');
      assert.match(lines[lines.length - 1], expected);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an old-style appendonly.aof in dir is migrated into appenddirname as the base', async () => {
  const dir = tempDir('startup-upgrade');
  try {
    writeFileSync(join(dir, 'appendonly.aof'), '*3\r\n$3\r\nSET\r\n$2\r\nk1\r\n$2\r\nv1\r\n');
    const p = await startSonic(dir, ['--appendonly', 'yes']);
    const c = await RawConnection.open(p.port);
    assert.equal(await c.cmd('GET', 'k1'), '$2\r\nv1\r\n');
    c.close();
    await stop(p);
    assert.ok(!existsSync(join(dir, 'appendonly.aof')));
    assert.equal(readFileSync(join(dir, 'appendonlydir', 'appendonly.aof.manifest'), 'latin1'), 'file appendonly.aof seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n');
    assert.match(p.log(), /Successfully migrated an old-style AOF file \(appendonly\.aof\) into the AOF directory \(appendonlydir\)\./);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('auto-aof-rewrite-percentage rewrites from the cron once the AOF grew past min-size', async () => {
  const dir = tempDir('startup-auto');
  try {
    const p = await startSonic(dir, ['--appendonly', 'yes', '--auto-aof-rewrite-percentage', '100', '--auto-aof-rewrite-min-size', '4kb']);
    const c = await RawConnection.open(p.port);
    const rewrites = async () => Number(infoField(await c.cmd('INFO', 'persistence'), 'aof_rewrites'));
    assert.equal(await rewrites(), 0);
    const value = 'x'.repeat(100);
    for (let i = 0; i < 20; i++) await c.cmd('SET', `k${i}`, value);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(await rewrites(), 0, 'below min-size: no rewrite');
    for (let i = 0; i < 60; i++) await c.cmd('SET', `k${i % 5}`, value);
    await until('an automatic rewrite', async () => (await rewrites()) >= 1);
    const info = await c.cmd('INFO', 'persistence');
    assert.ok(Number(infoField(info, 'aof_base_size')) > 0);
    assert.equal(await c.cmd('DBSIZE'), ':20\r\n');
    c.close();
    await stop(p);
    assert.match(p.log(), /Starting automatic rewriting of AOF on \d+% growth/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('CONFIG SET appendonly yes/no at runtime; a file in the way of appenddirname fails it cleanly', async () => {
  const dir = tempDir('startup-runtime');
  try {
    writeFileSync(join(dir, 'appendonlydir'), 'in the way');
    const p = await startSonic(dir);
    const c = await RawConnection.open(p.port);
    await c.cmd('SET', 'before', '1');
    assert.equal(
      await c.cmd('CONFIG', 'SET', 'appendonly', 'yes'),
      "-ERR CONFIG SET failed (possibly related to argument 'appendonly') - Unable to turn on AOF. Check server logs.\r\n",
    );
    assert.equal(await c.cmd('CONFIG', 'GET', 'appendonly'), '*2\r\n$10\r\nappendonly\r\n$2\r\nno\r\n');
    assert.equal(infoField(await c.cmd('INFO', 'persistence'), 'aof_enabled'), '0');
    unlinkSync(join(dir, 'appendonlydir'));
    assert.equal(await c.cmd('CONFIG', 'SET', 'appendonly', 'yes'), '+OK\r\n');
    // The first base is written in the background, as Redis does; turning the AOF off before it
    // is done would stop it (and lose the files), so the test waits as waitForBgrewriteaof.
    await until('first rewrite', async () => infoField(await c.cmd('INFO', 'persistence'), 'aof_rewrite_in_progress') === '0');
    const info = await c.cmd('INFO', 'persistence');
    assert.equal(infoField(info, 'aof_enabled'), '1');
    assert.match(infoField(info, 'aof_current_size') ?? '', /^\d+$/);
    await c.cmd('SET', 'after', '2');
    assert.equal(await c.cmd('CONFIG', 'SET', 'appendonly', 'no'), '+OK\r\n');
    assert.equal(infoField(await c.cmd('INFO', 'persistence'), 'aof_enabled'), '0');
    await c.cmd('SET', 'not-logged', '3');
    c.close();
    await stop(p);
    // Both writes made while the AOF was on come back; the one after it was turned off does not.
    const q = await startSonic(dir, ['--appendonly', 'yes']);
    const c2 = await RawConnection.open(q.port);
    assert.equal(await c2.cmd('MGET', 'before', 'after', 'not-logged'), '*3\r\n$1\r\n1\r\n$1\r\n2\r\n$-1\r\n');
    c2.close();
    await stop(q);
    assert.match(p.log(), /Can't open or create append-only dir appendonlydir: File exists/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('AOF write errors: writes and PING get -MISCONF, reads still work (the INCR file on /dev/full)', { skip: !existsSync('/dev/full') }, async () => {
  const dir = tempDir('startup-full');
  try {
    const a = await startSonic(dir, ['--appendonly', 'yes']);
    await stop(a);
    const incr = join(dir, 'appendonlydir', 'appendonly.aof.1.incr.aof');
    unlinkSync(incr);
    symlinkSync('/dev/full', incr);
    const p = await startSonic(dir, ['--appendonly', 'yes']);
    const c = await RawConnection.open(p.port);
    // The write that meets the error was already executed: its reply goes out, the next writes are refused.
    assert.equal(await c.cmd('SET', 'a', '1'), '+OK\r\n');
    const misconf = '-MISCONF Errors writing to the AOF file: No space left on device\r\n';
    assert.equal(await c.cmd('SET', 'b', '2'), misconf);
    assert.equal(await c.cmd('PING'), misconf);
    assert.equal(await c.cmd('GET', 'a'), '$1\r\n1\r\n');
    assert.equal(infoField(await c.cmd('INFO', 'persistence'), 'aof_last_write_status'), 'err');
    // Turning the AOF off lifts the refusal.
    assert.equal(await c.cmd('CONFIG', 'SET', 'appendonly', 'no'), '+OK\r\n');
    assert.equal(await c.cmd('SET', 'b', '2'), '+OK\r\n');
    c.close();
    await stop(p);
    assert.match(p.log(), /Error writing to the AOF file: No space left on device/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Mounts a small tmpfs (root only); null when this machine does not allow it. */
function mountTmpfs(path: string, size: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', path], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

test('disk full (a full tmpfs): -MISCONF while full, and writes resume once space is freed, nothing lost', async (t) => {
  const dir = tempDir('startup-tmpfs');
  if (!mountTmpfs(dir, '1m')) {
    rmSync(dir, { recursive: true, force: true });
    t.skip('cannot mount a tmpfs here (needs root)');
    return;
  }
  try {
    writeFileSync(join(dir, 'filler'), Buffer.alloc(700 * 1024));
    const p = await startSonic(dir, ['--appendonly', 'yes']);
    const c = await RawConnection.open(p.port);
    const value = 'x'.repeat(10000);
    let accepted = 0;
    let refused = '';
    for (let i = 0; i < 100 && refused === ''; i++) {
      const r = await c.cmd('SET', `k${i}`, value);
      if (r === '+OK\r\n') accepted++;
      else refused = r;
    }
    assert.equal(refused, '-MISCONF Errors writing to the AOF file: No space left on device\r\n');
    unlinkSync(join(dir, 'filler'));
    await until('the cron to retry the write', async () => (await c.cmd('SET', 'after', '1')) === '+OK\r\n');
    assert.equal(infoField(await c.cmd('INFO', 'persistence'), 'aof_last_write_status'), 'ok');
    assert.equal(await c.cmd('DEBUG', 'LOADAOF'), '+OK\r\n');
    assert.equal(await c.cmd('DBSIZE'), `:${accepted + 1}\r\n`);
    c.close();
    await stop(p);
    assert.match(p.log(), /AOF write error looks solved, Redis can write again\./);
  } finally {
    try {
      execFileSync('umount', [dir], { stdio: 'ignore' });
    } catch {
      // already unmounted
    }
    rmSync(dir, { recursive: true, force: true });
  }
});

test('drop-in: a symlink named redis-server started with a redis.conf behaves as redis-server for tools watching its log', async () => {
  const dir = tempDir('startup-dropin');
  try {
    const bin = join(dir, 'redis-server');
    symlinkSync(SONIC, bin);
    const port = await freePort();
    const pidfile = join(dir, 'redis.pid');
    writeFileSync(
      join(dir, 'redis.conf'),
      [`port ${port}`, 'bind 127.0.0.1', `dir ${dir}`, 'always-show-logo yes', 'loglevel verbose', `pidfile ${pidfile}`, 'save 900 1', 'appendonly no', ''].join('\n'),
    );
    const logFile = join(dir, 'stdout');
    // As the upstream suite starts it: the config file first, then --options, output to a file.
    const child = spawn(bin, [join(dir, 'redis.conf'), '--loglevel', 'notice', '--logfile', logFile], { stdio: 'ignore' });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    const log = () => (existsSync(logFile) ? readFileSync(logFile, 'latin1') : '');
    await until('" PID: " in the log', () => log().includes(` PID: ${child.pid}`));
    await until('"Ready to accept connections"', () => log().includes('Ready to accept connections'));
    assert.equal(readFileSync(pidfile, 'latin1').trim(), String(child.pid));
    const c = await RawConnection.open(port, 0);
    assert.equal(await c.cmd('PING'), '+PONG\r\n');
    assert.equal(await c.cmd('CONFIG', 'GET', 'loglevel'), '*2\r\n$8\r\nloglevel\r\n$6\r\nnotice\r\n');
    await c.cmd('SET', 'k', 'v');
    c.close();
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    // With a save point configured, SIGTERM saves first, as redis-server does.
    assert.ok(readdirSync(dir).includes('dump.rdb'));
    assert.match(log(), /Received SIGTERM scheduling shutdown\.\.\.[\s\S]*DB saved on disk[\s\S]*Redis is now ready to exit, bye bye\.\.\./);
    assert.ok(!existsSync(pidfile));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
