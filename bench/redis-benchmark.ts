/** Running redis-benchmark as a child process and parsing its CSV. */
import { spawn, spawnSync } from 'node:child_process';
import { parseBenchmarkCsv, type BenchmarkRow } from './csv.js';

/** One redis-benchmark invocation. */
export interface BenchmarkRun {
  executable: string;
  port: number;
  clients: number;
  pipeline: number;
  requests: number;
  /** The `-t` list (ignored when `command` is given). */
  tests: string;
  /** A command line to send instead of the `-t` tests. */
  command?: readonly string[];
  /** Kill redis-benchmark after this long; it spins forever against a dead server. */
  timeoutMs: number;
}

/** Runs redis-benchmark and returns its rows; rejects on a non-zero exit, a timeout or no rows. */
export function runRedisBenchmark(run: BenchmarkRun): Promise<BenchmarkRow[]> {
  const args = ['-h', '127.0.0.1', '-p', String(run.port), '-c', String(run.clients), '-P', String(run.pipeline), '-n', String(run.requests), '--csv'];
  if (run.command !== undefined) args.push(...run.command);
  else args.push('-t', run.tests);
  return new Promise((resolve, reject) => {
    const child = spawn(run.executable, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), run.timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      // "Could not fetch server CONFIG" is a harmless warning (redis-benchmark reads save/appendonly).
      const problems = err
        .split('\n')
        .filter((l) => l.trim() !== '' && !l.includes('Could not fetch server CONFIG'))
        .join('\n');
      if (code !== 0 || signal !== null) {
        reject(new Error(`redis-benchmark ${args.join(' ')} ${signal ? `killed by ${signal}` : `exited ${code}`}: ${problems}`));
        return;
      }
      try {
        const rows = parseBenchmarkCsv(out);
        if (rows.length === 0) throw new Error(`no results: ${problems}`);
        resolve(rows);
      } catch (e) {
        reject(e as Error);
      }
    });
  });
}

/**
 * A short version string from `<executable> --version`: "Redis 7.0.15" for redis-server (whose
 * line reads "Redis server v=7.0.15 sha=..."), else the first line, or "unknown".
 */
export function versionOf(executable: string): string {
  const r = spawnSync(executable, ['--version'], { encoding: 'utf8' });
  if (r.status !== 0) return 'unknown';
  const first = r.stdout.split('\n')[0].trim();
  const v = first.indexOf(' v=');
  return v < 0 ? first : `Redis ${first.slice(v + 3).split(' ')[0]}`;
}
