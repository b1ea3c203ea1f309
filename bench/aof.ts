/**
 * `npm run bench:aof`: SET throughput with `appendonly yes, appendfsync everysec`, Sonic against
 * redis-server, at pipeline 1 and 16 (issue 6's target: Sonic/Redis >= 0.8 at both).
 *
 *   node dist/bench/aof.js [--repeats N] [--requests N] [--fsync always|everysec|no]
 *
 * Both servers start with the same settings in fresh temporary directories (each writes its own
 * multi-part AOF), 50 clients, random keys over 100k, 3-byte values (redis-benchmark's SET).
 * The servers run alternately (Sonic, Redis, Sonic, Redis ...) and each figure is the median.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runRedisBenchmark } from './redis-benchmark.js';
import { median } from './report.js';
import { freePort, startServerProcess, type ServerCommands, type ServerKind } from './servers.js';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const repeats = Number(option('--repeats', '3'));
const requests = Number(option('--requests', '100000'));
const fsync = option('--fsync', 'everysec');
const here = dirname(fileURLToPath(import.meta.url));
const cmds: ServerCommands = {
  sonicServerJs: process.env.SONIC_SERVER_JS ?? resolve(here, '../src/cli/server.js'),
  redisServer: process.env.REDIS_SERVER ?? 'redis-server',
  extraArgs: ['--appendonly', 'yes', '--appendfsync', fsync],
};
const benchmark = process.env.REDIS_BENCHMARK ?? 'redis-benchmark';

async function once(kind: ServerKind, pipeline: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), `sonic-bench-aof-${kind}-`));
  const port = await freePort();
  const server = await startServerProcess(kind, port, cmds, join(dir, 'server.log'));
  try {
    const rows = await runRedisBenchmark({
      executable: benchmark,
      port,
      clients: 50,
      pipeline,
      requests: requests * (pipeline === 1 ? 1 : 4),
      tests: 'set',
      command: ['-r', '100000', 'SET', 'key:__rand_int__', 'xxx'],
      timeoutMs: 300_000,
    });
    return rows[0].rps;
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`SET with appendonly yes, appendfsync ${fsync}: ${requests} requests (x4 at pipeline 16), 50 clients, median of ${repeats}`);
for (const pipeline of [1, 16]) {
  const figures: Record<ServerKind, number[]> = { sonic: [], redis: [] };
  for (let r = 0; r < repeats; r++) {
    for (const kind of ['sonic', 'redis'] as const) figures[kind].push(await once(kind, pipeline));
  }
  const s = median(figures.sonic);
  const rd = median(figures.redis);
  // Each run's ratio (Sonic then Redis, back to back) shows the spread the machine's noise gives.
  const ratios = figures.sonic.map((x, i) => (x / figures.redis[i]).toFixed(2)).join(' ');
  console.log(`pipeline ${String(pipeline).padStart(2)}: Sonic ${Math.round(s)} rps, Redis ${Math.round(rd)} rps, Sonic/Redis ${(s / rd).toFixed(2)} (per run: ${ratios})`);
}
