/**
 * Spawning the reference redis-server for differential tests. Missing redis-server is a FAILURE,
 * never a skip: a differential test that silently skips proves nothing (CI installs redis-server).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { RawConnection } from './raw-connection.js';

export const REDIS_MISSING = 'redis-server is not installed: the differential tests need it (apt-get install redis-server)';

/** A running redis-server child process. */
export interface RedisServer {
  readonly port: number;
  /** Its working directory (a fresh temp dir unless `cwd` was given). */
  readonly dir: string;
  /** Kills it (SIGKILL) and removes the temp dir it was given. Idempotent. */
  stop(): void;
}

export interface RedisServerOptions {
  /** Arguments replacing the defaults after `--port P` (default: no persistence, DEBUG enabled). */
  args?: readonly string[];
  /** Working directory; default a fresh temp dir removed on stop. */
  cwd?: string;
}

/** Throws the loud "not installed" error when redis-server cannot be run. */
export function requireRedisServer(): void {
  if (spawnSync('redis-server', ['--version']).status !== 0) throw new Error(REDIS_MISSING);
}

const running = new Set<ChildProcess>();
function killAll(): void {
  for (const p of running) p.kill('SIGKILL');
  running.clear();
}
// A test run that dies (uncaught error, a failed `before`, Ctrl-C of node --test, which
// signals the per-file processes) must not leave servers behind. A signal skips 'exit'
// handlers, so signals get their own, which then exit as the signal would have.
process.on('exit', killAll);
for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
  process.once(sig, () => {
    killAll();
    process.exit(code);
  });
}

/** Spawns redis-server on a free port and resolves once it answers PING. */
export async function startRedisServer(opts: RedisServerOptions = {}): Promise<RedisServer> {
  requireRedisServer();
  const port = await freePort();
  const dir = opts.cwd ?? mkdtempSync(join(tmpdir(), 'sonic-diff-redis-'));
  const args = opts.args ?? ['--save', '', '--appendonly', 'no', '--enable-debug-command', 'yes'];
  const child = spawn('redis-server', ['--port', String(port), ...args], { cwd: dir, stdio: 'ignore' });
  running.add(child);
  let stopped = false;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    child.kill('SIGKILL');
    running.delete(child);
    if (opts.cwd === undefined) rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForPong(port);
  } catch (e) {
    stop();
    throw e;
  }
  return { port, dir, stop };
}

/** Resolves when the server on `port` answers PING with +PONG (it may still be starting). */
export async function waitForPong(port: number, waitMs = 10000): Promise<void> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const c = await RawConnection.open(port, 0);
      try {
        if ((await c.cmd('PING')) === '+PONG\r\n') return;
      } finally {
        c.close();
      }
    } catch {
      // not listening yet, or still loading
    }
    if (Date.now() > deadline) throw new Error(`server on port ${port} did not answer PING within ${waitMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
