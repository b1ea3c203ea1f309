/**
 * sonic-server as a separate process for integration tests: started in a directory with its own
 * log file, stopped with a signal, and small helpers to read INFO and wait for conditions.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from './free-port.js';
import { waitForPong } from './redis-server.js';

export const SONIC = resolve('dist/src/cli/server.js');

export interface Proc {
  port: number;
  child: ChildProcess;
  log: () => string;
  exited: Promise<number | null>;
}

export function spawnSonic(dir: string, args: string[], port: number, bin: string[] = [process.execPath, SONIC]): Proc {
  const logFile = join(dir, `sonic-${port}.log`);
  const child = spawn(bin[0], [...bin.slice(1), ...args, '--port', String(port), '--dir', dir, '--logfile', logFile], { stdio: 'ignore' });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { port, child, exited, log: () => (existsSync(logFile) ? readFileSync(logFile, 'latin1') : '') };
}

/** Starts a server without save points in `dir` and waits until it answers. */
export async function startSonic(dir: string, args: string[] = []): Promise<Proc> {
  const p = spawnSonic(dir, ['--save', '', ...args], await freePort());
  await waitForPong(p.port, 20000);
  return p;
}

export async function stop(p: Proc, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (p.child.exitCode === null) p.child.kill(signal);
  await p.exited;
}

export async function until(what: string, cond: () => boolean | Promise<boolean>, ms = 15000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function infoField(info: string, name: string): string | undefined {
  return new RegExp(`\\r\\n${name}:([^\\r]*)\\r\\n`).exec(info)?.[1];
}

export function tempDir(tag: string): string {
  return mkdtempSync(join(tmpdir(), `sonic-${tag}-`));
}
