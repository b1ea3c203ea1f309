/**
 * Lock hand-off latency: holder A releases, waiter B (already waiting) gets the lock. sonic-kv's
 * locks (waiters woken by a release message) vs the `redlock` package v4 (waiters poll every
 * retryDelay +- jitter), both on one server, on redis-server and on Sonic (each a separate
 * process), in the same run. Run: `node dist/bench/cache/lock.js [rounds]`.
 *
 * redlock is measured at its defaults (retryDelay 200 ms, jitter 100 ms) and tuned to poll every
 * 10 ms (jitter 5 ms); sonic-kv at its defaults (its retry delay is only a fallback).
 */
import { createRequire } from 'node:module';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { createToolkit } from '../../src/cache/toolkit.js';
import { startServerProcess, type ServerKind } from '../servers.js';

interface RedlockLock {
  unlock(): Promise<void>;
}
interface RedlockV4 {
  lock(resource: string, ttl: number): Promise<RedlockLock>;
}
type RedlockCtor = new (clients: Redis[], options: { retryCount?: number; retryDelay?: number; retryJitter?: number }) => RedlockV4;
const RedlockV4Ctor = createRequire(import.meta.url)('redlock') as RedlockCtor;

/** One lock implementation: take the lock, and a release function. */
type Acquire = (resource: string) => Promise<() => Promise<unknown>>;

const ROUNDS = Number(process.argv[2] ?? 200);
const WARMUP = 10;
const TTL = 10_000;
const PORTS: Record<ServerKind, number> = { redis: 42101, sonic: 42102 };
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
}

/** Hand-off latencies (ms): A holds, B waits, A releases; time from release call to B holding. */
async function handoffs(a: Acquire, b: Acquire, resource: string): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < ROUNDS + WARMUP; i++) {
    const releaseA = await a(resource);
    let got = 0;
    const waiting = b(resource).then((rel) => {
      got = performance.now();
      return rel;
    });
    await sleep(15 + Math.random() * 10); // B is waiting now (its first try failed)
    const t0 = performance.now();
    await releaseA();
    const releaseB = await waiting;
    if (i >= WARMUP) out.push(got - t0);
    await releaseB();
  }
  return out;
}

async function main(): Promise<void> {
  const here = dirname(fileURLToPath(import.meta.url));
  const cmds = { sonicServerJs: resolve(here, '../../src/cli/server.js'), redisServer: process.env.REDIS_SERVER ?? 'redis-server' };
  const dir = mkdtempSync(join(tmpdir(), 'bench-lock-'));
  const rows: string[] = [];
  const base: Record<string, [number, number]> = {};
  for (const kind of ['redis', 'sonic'] as const) {
    const server = await startServerProcess(kind, PORTS[kind], cmds, join(dir, `${kind}.log`));
    const clients: Redis[] = [];
    const client = () => {
      const c = new Redis({ port: PORTS[kind], host: '127.0.0.1', maxRetriesPerRequest: null });
      clients.push(c);
      return c;
    };
    try {
      const ours = (): Acquire => {
        const locks = createToolkit({ client: client(), prefix: 'bench' }).locks({ ttl: TTL, retry: { count: Infinity } });
        return async (r) => {
          const h = await locks.lock(r);
          return () => h.release();
        };
      };
      const redlock = (opts: ConstructorParameters<RedlockCtor>[1]): Acquire => {
        const rl = new RedlockV4Ctor([client()], { retryCount: 100_000, ...opts });
        return async (r) => {
          const l = await rl.lock(r, TTL);
          return () => l.unlock();
        };
      };
      const impls: [string, () => Acquire][] = [
        ['sonic-kv locks', ours],
        ['redlock 4 (retryDelay 10 ms, jitter 5)', () => redlock({ retryDelay: 10, retryJitter: 5 })],
        ['redlock 4 (defaults: 200 ms, jitter 100)', () => redlock({})],
      ];
      for (const [name, make] of impls) {
        const lat = await handoffs(make(), make(), `bench:handoff:${name.length}`);
        const p50 = pct(lat, 0.5);
        const p99 = pct(lat, 0.99);
        base[kind] ??= [p50, p99];
        const [b50, b99] = base[kind];
        rows.push(`| ${kind === 'redis' ? 'redis-server 7.0' : 'Sonic'} | ${name} | ${p50.toFixed(2)} | ${p99.toFixed(2)} | ${(p50 / b50).toFixed(1)}x | ${(p99 / b99).toFixed(1)}x |`);
        console.error(rows.at(-1));
      }
    } finally {
      for (const c of clients) c.disconnect();
      await server.stop();
    }
  }
  console.log(`Lock hand-off latency, ms (${ROUNDS} hand-offs each; ratios: this row / sonic-kv on the same server)\n`);
  console.log('| server | implementation | p50 | p99 | p50 ratio | p99 ratio |');
  console.log('|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
