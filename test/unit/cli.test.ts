import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseServerArgs } from '../../src/cli/args.js';

const SERVER = fileURLToPath(new URL('../../src/cli/server.js', import.meta.url));

test('command line: options become config lines exactly as redis-server builds them', () => {
  const p = (...a: string[]) => parseServerArgs(a, '/cwd');
  assert.deepEqual(p('redis.conf', '--port', '7000'), { action: 'run', configFile: '/cwd/redis.conf', fromStdin: false, options: 'port "7000" ' });
  assert.equal(p('--save', '').options, 'save "" ');
  assert.equal(p('--save', '--loglevel', 'verbose').options, 'save ""\nloglevel "verbose" ');
  assert.equal(p('--loglevel', 'verbose', '--save').options, 'loglevel "verbose" \nsave ""');
  assert.equal(p('--port', '--loglevel', 'verbose').options, 'port "--loglevel" "verbose" ');
  assert.equal(p('--maxmemory 700mb', '--maxmemory-policy volatile-lru').options, 'maxmemory 700mb \nmaxmemory-policy volatile-lru ');
  assert.equal(p('--proc-title-template', '--save', '--save', '', '--loglevel', 'verbose').options, 'proc-title-template "--save" \nsave "" \nloglevel "verbose" ');
  assert.equal(p('--shutdown-on-sigint', 'nosave', 'force', 'now').options, 'shutdown-on-sigint "nosave" "force" "now" ');
  assert.equal(p('-').fromStdin, true);
  assert.equal(p('x.conf', '--port', '1', '-').fromStdin, true);
  assert.equal(p('-v').action, 'version');
  assert.equal(p('--help').action, 'help');
});

/** Kills servers a failed test left running, so the test process can exit. */
const cleanup: (() => void)[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Sends one inline command and returns the raw reply. */
function command(port: number, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = createConnection(port, '127.0.0.1');
    let data = '';
    sock.on('data', (d) => {
      data += d.toString('latin1');
      if (data.endsWith('\r\n')) {
        sock.end();
        resolve(data);
      }
    });
    sock.on('error', reject);
    // SHUTDOWN closes the connection without a reply.
    sock.on('close', () => resolve(data));
    sock.setTimeout(5000, () => {
      sock.destroy();
      reject(new Error(`no reply to ${line}`));
    });
    sock.write(line + '\r\n');
  });
}

async function waitFor(cond: () => boolean, ms = 10000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

test('sonic-server starts from a config file plus overrides, logs like Redis, writes and removes its pidfile', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sonic-cli-'));
  try {
    const port = await freePort();
    const conf = join(dir, 'redis.conf');
    writeFileSync(conf, `always-show-logo yes\nport 1\nbind 127.0.0.1\nmaxmemory 1mb\nsave 900 1\n`);
    const pidfile = join(dir, 'sonic.pid');
    const child = spawn(process.execPath, [SERVER, conf, '--port', String(port), '--save', '100 100', '--pidfile', pidfile], { cwd: dir });
    cleanup.push(() => child.kill('SIGKILL'));
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    await waitFor(() => out.includes('Ready to accept connections'));
    assert.match(out, new RegExp(` PID: ${child.pid}\\b`));
    assert.match(out, /^\d+:C \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d\.\d{3} # oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo$/m);
    assert.match(out, /# Redis version=7\.0\.15, bits=64, commit=00000000, modified=0, pid=\d+, just started/);
    assert.match(out, /:M .* # Configuration loaded|:C .* # Configuration loaded/);
    assert.equal(readFileSync(pidfile, 'latin1'), `${child.pid}\n`);
    assert.equal(await command(port, 'CONFIG GET save'), '*2\r\n$4\r\nsave\r\n$13\r\n900 1 100 100\r\n');
    assert.equal(await command(port, 'CONFIG GET maxmemory'), '*2\r\n$9\r\nmaxmemory\r\n$7\r\n1048576\r\n');
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.match(out, /:signal-handler \(\d+\) Received SIGTERM scheduling shutdown\.\.\./);
    // Save points are configured, so the dataset is saved before exiting, as Redis does.
    assert.match(
      out,
      /# User requested shutdown\.\.\.\n.*\* Saving the final RDB snapshot before exiting\.\n.*\* DB saved on disk\n.*\* Removing the pid file\.\n.*# Redis is now ready to exit, bye bye\.\.\.\n$/,
    );
    assert.equal(existsSync(pidfile), false);
    assert.equal(readFileSync(join(dir, 'dump.rdb'), 'latin1').slice(0, 9), 'REDIS0010');
  } finally {
    for (const fn of cleanup.splice(0)) fn();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a bad directive stops sonic-server with the FATAL CONFIG FILE ERROR report and status 1', () => {
  const r = spawnSync(process.execPath, [SERVER, '--port', '6379', '6380'], { encoding: 'latin1' });
  assert.equal(r.status, 1);
  assert.equal(r.stderr, `\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line 2\n>>> 'port "6379" "6380"'\nwrong number of arguments\n`);
  const v = spawnSync(process.execPath, [SERVER, '--version'], { encoding: 'latin1' });
  assert.equal(v.status, 0);
  assert.match(v.stdout, /^Redis server v=7\.0\.15 sha=00000000:0 /);
});

test('cluster-enabled yes: sonic-server refuses to start rather than run standalone', () => {
  const r = spawnSync(process.execPath, [SERVER, '--port', '0', '--cluster-enabled', 'yes', '--save', ''], { encoding: 'latin1', timeout: 20000 });
  assert.equal(r.status, 1);
  assert.match(r.stdout, /Sonic does not run as a cluster node/);
});

test('daemonize yes: the parent exits at once and a detached server runs with its pidfile', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sonic-daemon-'));
  const pidfile = join(dir, 'd.pid');
  const logfile = join(dir, 'd.log');
  let pid = 0;
  try {
    const port = await freePort();
    const r = spawnSync(process.execPath, [SERVER, '--port', String(port), '--bind', '127.0.0.1', '--daemonize', 'yes', '--pidfile', pidfile, '--logfile', logfile], { encoding: 'latin1', timeout: 10000 });
    assert.equal(r.status, 0);
    assert.equal(r.stdout, '');
    await waitFor(() => existsSync(logfile) && readFileSync(logfile, 'latin1').includes('Ready to accept connections'));
    pid = Number(readFileSync(pidfile, 'latin1'));
    assert.ok(pid > 0 && pid !== r.pid);
    assert.equal(await command(port, 'CONFIG GET daemonize'), '*2\r\n$9\r\ndaemonize\r\n$3\r\nyes\r\n');
    await command(port, 'SHUTDOWN NOSAVE').catch(() => '');
    await waitFor(() => !existsSync(pidfile));
    pid = 0;
    assert.match(readFileSync(logfile, 'latin1'), /Redis is now ready to exit, bye bye\.\.\.\n$/);
  } finally {
    if (pid) process.kill(pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('unixsocket: the server listens on it with unixsocketperm, and port 0 disables TCP', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sonic-unix-'));
  try {
    const sock = join(dir, 's.sock');
    // cwd: the default save points write dump.rdb there on shutdown.
    const child = spawn(process.execPath, [SERVER, '--port', '0', '--unixsocket', sock, '--unixsocketperm', '700'], { cwd: dir });
    cleanup.push(() => child.kill('SIGKILL'));
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    await waitFor(() => out.includes('The server is now ready to accept connections at'));
    assert.ok(!out.includes('Ready to accept connections\n'));
    const reply = await new Promise<string>((resolve, reject) => {
      const s = createConnection(sock);
      s.on('data', (d) => {
        s.end();
        resolve(d.toString('latin1'));
      });
      s.on('error', reject);
      s.write('CONFIG GET unixsocketperm\r\n');
    });
    assert.equal(reply, '*2\r\n$14\r\nunixsocketperm\r\n$3\r\n700\r\n');
    child.kill('SIGINT');
    assert.equal(await exited, 0);
    assert.equal(existsSync(sock), false);
    assert.match(out, /Removing the unix socket file\./);
  } finally {
    for (const fn of cleanup.splice(0)) fn();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('V8 flags: the shebang, npm start and the benchmark all start the server with SERVER_NODE_FLAGS', async () => {
  const { SERVER_NODE_FLAGS } = await import('../../src/cli/node-flags.js');
  assert.ok(SERVER_NODE_FLAGS.length > 0);
  const shebang = readFileSync(SERVER, 'latin1').split('\n')[0];
  assert.equal(shebang, `#!/usr/bin/env -S node ${SERVER_NODE_FLAGS.join(' ')}`);
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  assert.ok(pkg.scripts.start.startsWith(`node ${SERVER_NODE_FLAGS.join(' ')} dist/src/cli/server.js`), pkg.scripts.start);
  const benchServers = readFileSync(join(root, 'bench/servers.ts'), 'utf8');
  assert.match(benchServers, /\[\.\.\.SERVER_NODE_FLAGS, cmds\.sonicServerJs/);
});
