/**
 * Rate limiter benchmark (issue 7): the toolkit's limiters vs rate-limiter-flexible's
 * RateLimiterRedis (ioredis), same process, same ioredis connection options, same servers --
 * redis-server and Sonic, each started as its own process. consume() ops/s and p99 latency at
 * concurrency 1 and 64, in two workloads: "admit" (limits never reached) and "reject" (10 units a
 * minute over 100 subjects, so nearly every request is rejected -- where rate-limiter-flexible still
 * writes (INCRBY) and the toolkit only reads). Not a CI gate.
 *
 *   node dist/bench/cache/rate-limit.js [--ops 20000] [--markdown]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { freePort, startServerProcess, type ServerKind } from '../servers.js';
import { createToolkit } from '../../src/cache/toolkit.js';
import type { RateLimitAlgorithm } from '../../src/cache/patterns/rate-limit.js';

const here = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : dflt;
};
const OPS = opt('ops', 20_000);
const MARKDOWN = argv.includes('--markdown');

interface Workload {
  name: 'admit' | 'reject';
  points: number;
  durationS: number;
  subjects: number;
}
const WORKLOADS: Workload[] = [
  { name: 'admit', points: 1_000_000_000, durationS: 60, subjects: 10_000 },
  { name: 'reject', points: 10, durationS: 60, subjects: 100 },
];

/** One consume; resolves true when admitted (rate-limiter-flexible rejects with a RateLimiterRes). */
type Consume = (subject: string) => Promise<boolean>;

interface Row {
  server: ServerKind;
  workload: string;
  limiter: string;
  concurrency: number;
  opsPerSec: number;
  p99Ms: number;
  admitted: number;
}

async function measure(consume: Consume, subjects: number, concurrency: number, ops: number): Promise<{ opsPerSec: number; p99Ms: number; admitted: number }> {
  const lat: number[] = [];
  let next = 0;
  let admitted = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < ops) {
        const i = next++;
        const t = performance.now();
        if (await consume(`s${(i * 7919) % subjects}`)) admitted++;
        lat.push(performance.now() - t);
      }
    }),
  );
  const elapsed = performance.now() - start;
  lat.sort((a, b) => a - b);
  return { opsPerSec: (ops / elapsed) * 1000, p99Ms: lat[Math.floor(lat.length * 0.99)], admitted };
}

function limiters(io: Redis, w: Workload, run: number): [string, Consume][] {
  const tk = createToolkit({ client: io, prefix: `bench${run}` });
  const ours = (algorithm: RateLimitAlgorithm): [string, Consume] => {
    const rl = tk.rateLimiter({ algorithm, limit: w.points, window: w.durationS * 1000 });
    return [`toolkit ${algorithm}`, async (s) => (await rl.consume(s)).allowed];
  };
  const rlf = new RateLimiterRedis({ storeClient: io, points: w.points, duration: w.durationS, keyPrefix: `rlf${run}` });
  return [
    [
      'rate-limiter-flexible',
      (s) =>
        rlf.consume(s).then(
          () => true,
          (e: unknown) => {
            if (e instanceof Error) throw e;
            return false; // a RateLimiterRes: rejected
          },
        ),
    ],
    ours('fixed-window'),
    ours('gcra'),
    ours('token-bucket'),
    ours('sliding-window'),
    ours('sliding-log'),
  ];
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-rl-'));
  const cmds = { sonicServerJs: resolve(process.env.SONIC_SERVER_JS ?? join(here, '../../src/cli/server.js')), redisServer: process.env.REDIS_SERVER ?? 'redis-server' };
  const rows: Row[] = [];
  let run = 0;
  for (const server of ['redis', 'sonic'] as ServerKind[]) {
    const port = await freePort();
    const proc = await startServerProcess(server, port, cmds, join(dir, `${server}.log`));
    const io = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: null });
    try {
      for (const w of WORKLOADS) {
        for (const concurrency of [1, 64]) {
          run++;
          for (const [limiter, consume] of limiters(io, w, run)) {
            await measure(consume, w.subjects, concurrency, Math.min(2000, OPS)); // warm-up (scripts loaded, JIT)
            const m = await measure(consume, w.subjects, concurrency, concurrency === 1 ? Math.ceil(OPS / 4) : OPS);
            rows.push({ server, workload: w.name, limiter, concurrency, ...m });
            process.stderr.write(`${server} ${w.name} c=${concurrency} ${limiter}: ${Math.round(m.opsPerSec)} ops/s p99 ${m.p99Ms.toFixed(2)} ms\n`);
          }
        }
      }
    } finally {
      io.disconnect();
      await proc.stop();
    }
  }
  print(rows);
}

function print(rows: Row[]): void {
  const base = (r: Row) => rows.find((x) => x.server === r.server && x.workload === r.workload && x.concurrency === r.concurrency && x.limiter === 'rate-limiter-flexible')!;
  const header = ['server', 'workload', 'conc.', 'limiter', 'ops/s', 'x RLF ops/s', 'p99 ms', 'x RLF p99'];
  const lines = rows.map((r) => {
    const b = base(r);
    return [r.server, r.workload, String(r.concurrency), r.limiter, String(Math.round(r.opsPerSec)), (r.opsPerSec / b.opsPerSec).toFixed(2), r.p99Ms.toFixed(2), (r.p99Ms / b.p99Ms).toFixed(2)];
  });
  if (MARKDOWN) {
    console.log(`| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
    for (const l of lines) console.log(`| ${l.join(' | ')} |`);
  } else {
    console.table(lines.map((l) => Object.fromEntries(header.map((h, i) => [h, l[i]]))));
  }
}

await main();
