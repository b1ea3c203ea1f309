/**
 * Starting and stopping the two servers under test as separate processes, and reading their
 * memory. Both are started the same way (no persistence, loopback only) so neither pays for
 * something the other does not.
 */
import { dirname } from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, readFileSync, closeSync } from 'node:fs';
import { createServer } from 'node:net';
import { RespClient } from './resp-client.js';
import { SERVER_NODE_FLAGS } from '../src/cli/node-flags.js';

/** Which server a process is. */
export type ServerKind = 'sonic' | 'redis';

/** A server process under test. */
export interface ServerProcess {
  readonly kind: ServerKind;
  readonly port: number;
  readonly pid: number;
  /** Where its stdout/stderr go, for diagnosing a crash. */
  readonly logFile: string;
  /** True while the process has not exited. */
  alive(): boolean;
  /** SIGTERM, then SIGKILL if it has not exited after 5 s. */
  stop(): Promise<void>;
}

/** How to start the servers. */
export interface ServerCommands {
  /** Path of Sonic's compiled CLI (dist/src/cli/server.js). */
  sonicServerJs: string;
  /** redis-server executable. */
  redisServer: string;
  /** Start redis-server in Sonic's seat too (a calibration run). */
  calibrate?: boolean;
  /** More settings for both servers, after the defaults (the last setting wins). */
  extraArgs?: readonly string[];
}

/** Asks the OS for a free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Starts a server and resolves once it answers PING. */
export async function startServerProcess(kind: ServerKind, port: number, cmds: ServerCommands, logFile: string): Promise<ServerProcess> {
  // The same settings for both: loopback only, no snapshots, no AOF, and the log's (empty)
  // directory as `dir`, so neither loads a dump.rdb lying in the working directory at start-up.
  const settings = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dirname(logFile), ...(cmds.extraArgs ?? [])];
  const [file, args] = kind === 'sonic' && !cmds.calibrate ? [process.execPath, [...SERVER_NODE_FLAGS, cmds.sonicServerJs, ...settings]] : [cmds.redisServer, settings];
  const log = openSync(logFile, 'w');
  const child = spawn(file, args, { stdio: ['ignore', log, log] });
  closeSync(log);
  // 'error' without 'exit' when the executable cannot be started at all (ENOENT).
  let spawnError: Error | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', (e) => {
      spawnError = e;
      resolve();
    });
  });
  const proc: ServerProcess = {
    kind,
    port,
    pid: child.pid ?? -1,
    logFile,
    alive: () => spawnError === undefined && child.exitCode === null && child.signalCode === null,
    stop: () => (spawnError ? Promise.resolve() : stopChild(child, exited)),
  };
  try {
    await waitForPing(port, proc, 15_000);
  } catch (err) {
    await proc.stop();
    const why = spawnError ? `cannot run ${file}: ${spawnError.message}` : (err as Error).message;
    throw new Error(`${kind} did not start on port ${port}: ${why}\n${tail(logFile)}`);
  }
  return proc;
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

async function waitForPing(port: number, proc: ServerProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'timed out';
  while (Date.now() < deadline) {
    if (!proc.alive()) throw new Error('process exited');
    try {
      const c = await RespClient.open(port);
      try {
        const r = await c.call('PING');
        if (r === 'PONG') return;
        last = `PING answered ${JSON.stringify(r)}`;
      } finally {
        c.close();
      }
    } catch (err) {
      last = (err as Error).message;
    }
    await sleep(100);
  }
  throw new Error(last);
}

/** Resident set size of a process in bytes (VmRSS from /proc/<pid>/status). */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'latin1');
  const at = status.indexOf('VmRSS:');
  if (at < 0) throw new Error(`no VmRSS for pid ${pid}`);
  const kb = Number.parseInt(status.slice(at + 6).trim(), 10);
  return kb * 1024;
}

/** The last lines of a log file, for error messages. */
export function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
