/**
 * `npm run bench`: Sonic against redis-server, side by side, with redis-benchmark.
 *
 *   node dist/bench/run.js [--quick] [--repeats N] [--requests N] [--keys N] [--no-memory]
 *                          [--pubsub-only] [--calibrate] [--sonic-port P] [--redis-port P] [--out FILE]
 *                          [--only NAME,...]
 *
 * --only runs just the named tests (their -t flags, e.g. "xadd,xrange_10") and memory
 * workloads (e.g. "stream entries").
 *
 * --calibrate puts redis-server in both seats: the ratios it prints (ideally 1.00x) show how much
 * of a Sonic/Redis difference this machine's noise alone can produce.
 *
 * Environment: SONIC_SERVER_JS (default: the server.js built next to this file), REDIS_SERVER,
 * REDIS_BENCHMARK (defaults: redis-server and redis-benchmark on PATH).
 *
 * Throughput: for every redis-benchmark test whose commands Sonic implements, at pipeline 1 and
 * 16, the two servers are run alternately (Sonic, Redis, Sonic, Redis ...) so drift in machine
 * load hits both alike; each figure is the median over the repeats. Pub/Sub fan-out (PUBLISH to
 * one channel with 50 subscribers, bench/pubsub-fanout.ts) runs the same way. Memory: fresh processes, RSS
 * before and after loading the same keys into each.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchmarkRow } from './csv.js';
import { testId } from './csv.js';
import { loadKeys, MEMORY_WORKLOADS, type MemoryWorkload } from './load-keys.js';
import { runRedisBenchmark, versionOf } from './redis-benchmark.js';
import { machineInfo, median, renderMarkdown, sonicVersion, type BenchResults, type MemoryFigures, type PubsubResult, type ServerFigures } from './report.js';
import { pubsubFanout } from './pubsub-fanout.js';
import { RespClient } from './resp-client.js';
import { freePort, rssBytes, sleep, startServerProcess, tail, type ServerCommands, type ServerKind, type ServerProcess } from './servers.js';
import { BENCH_TESTS, LRANGE_SCALE, supportedCommands, type BenchTest } from './tests.js';

interface Options {
  quick: boolean;
  calibrate: boolean;
  repeats: number;
  /** Requests per test at pipeline 1; pipeline 16 uses four times as many. */
  requests: number;
  keys: number;
  memory: boolean;
  /** Only the Pub/Sub fan-out (no redis-benchmark tests, no memory). */
  pubsubOnly: boolean;
  sonicPort: number | undefined;
  redisPort: number | undefined;
  out: string;
  /** Names of the tests and memory workloads to run (all when empty). */
  only: string[];
}

const CLIENTS = 50;
/** Pipeline depths; BenchTest.scale has one factor for each. */
const PIPELINES = [1, 16] as const;

function parseOptions(argv: string[]): Options {
  const quick = argv.includes('--quick');
  const o: Options = {
    quick,
    calibrate: argv.includes('--calibrate'),
    repeats: quick ? 1 : 5,
    requests: quick ? 10_000 : 50_000,
    keys: quick ? 100_000 : 1_000_000,
    memory: true,
    pubsubOnly: false,
    sonicPort: undefined,
    redisPort: undefined,
    out: 'bench/results/latest.json',
    only: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = () => {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n <= 0) throw new Error(`${a} needs a positive integer`);
      return n;
    };
    if (a === '--quick' || a === '--calibrate') continue;
    else if (a === '--repeats') o.repeats = num();
    else if (a === '--requests') o.requests = num();
    else if (a === '--keys') o.keys = num();
    else if (a === '--no-memory') o.memory = false;
    else if (a === '--pubsub-only') {
      o.pubsubOnly = true;
      o.memory = false;
    }
    else if (a === '--sonic-port') o.sonicPort = num();
    else if (a === '--redis-port') o.redisPort = num();
    else if (a === '--out') o.out = argv[++i] ?? o.out;
    else if (a === '--only') o.only = (argv[++i] ?? '').split(',').map((x) => x.trim().toLowerCase());
    else throw new Error(`unknown option ${a}`);
  }
  return o;
}

const log = (msg: string) => process.stderr.write(msg + '\n');

/** Servers started by this run, stopped on exit whatever happens. */
const running = new Set<ServerProcess>();

async function start(kind: ServerKind, port: number, cmds: ServerCommands, logDir: string): Promise<ServerProcess> {
  const p = await startServerProcess(kind, port, cmds, join(logDir, `${kind}-${port}.log`));
  running.add(p);
  return p;
}

async function stop(p: ServerProcess): Promise<void> {
  await p.stop();
  running.delete(p);
}

function ensureAlive(p: ServerProcess): void {
  if (!p.alive()) throw new Error(`${p.kind} (pid ${p.pid}) died during the benchmark; its log:\n${tail(p.logFile)}`);
}

function requestsFor(base: number, scale: BenchTest['scale'], pipeline: number): number {
  return Math.max(1000, Math.round(base * scale[PIPELINES.indexOf(pipeline as 1 | 16)]));
}

function figures(samples: BenchmarkRow[]): ServerFigures {
  return {
    rps: median(samples.map((s) => s.rps)),
    p50Ms: median(samples.map((s) => s.p50Ms)),
    p99Ms: median(samples.map((s) => s.p99Ms)),
    rpsSamples: samples.map((s) => s.rps),
  };
}

async function throughput(o: Options, servers: Record<ServerKind, ServerProcess>, tests: BenchTest[], benchmark: string, results: BenchResults): Promise<void> {
  // samples[test id][pipeline][server] = one row per repeat
  const samples = new Map<string, Map<number, Record<ServerKind, BenchmarkRow[]>>>();
  const failed = new Set<string>();
  for (let rep = 1; rep <= o.repeats; rep++) {
    for (const pipeline of PIPELINES) {
      for (const t of tests) {
        if (failed.has(t.flags)) continue;
        const requests = requestsFor(o.requests, t.scale, pipeline);
        const line: string[] = [];
        for (const kind of ['sonic', 'redis'] as const) {
          const srv = servers[kind];
          ensureAlive(srv);
          let rows: BenchmarkRow[];
          try {
            if (t.setup !== undefined) await t.setup(srv.port);
            rows = await runRedisBenchmark({ executable: benchmark, port: srv.port, clients: CLIENTS, pipeline, requests, tests: t.flags, command: t.command, timeoutMs: 180_000 });
          } catch (err) {
            ensureAlive(srv);
            failed.add(t.flags);
            results.skipped.push({ test: t.flags.toUpperCase(), reason: `${kind} failed: ${(err as Error).message.split('\n')[0]}` });
            log(`  ${t.flags} P=${pipeline} ${kind}: FAILED, test dropped (${(err as Error).message.split('\n')[0]})`);
            break;
          }
          for (const row of rows) {
            const id = t.id ?? testId(row.test);
            if (id === undefined) continue;
            let byPipe = samples.get(id);
            if (!byPipe) samples.set(id, (byPipe = new Map()));
            let pair = byPipe.get(pipeline);
            if (!pair) byPipe.set(pipeline, (pair = { sonic: [], redis: [] }));
            pair[kind].push(row);
            line.push(`${kind} ${id} ${Math.round(row.rps)}`);
          }
        }
        log(`[${rep}/${o.repeats}] P=${pipeline} ${line.join(', ')}`);
      }
    }
  }
  for (const pipeline of PIPELINES) {
    for (const [id, byPipe] of samples) {
      const pair = byPipe.get(pipeline);
      if (!pair || pair.sonic.length === 0 || pair.redis.length === 0) continue;
      if (failed.has(BENCH_TESTS.find((t) => t.id === id || t.flags.split(',').includes(id.toLowerCase()))?.flags ?? '')) continue;
      const sonic = figures(pair.sonic);
      const redis = figures(pair.redis);
      // Each repeat ran the two servers back to back, so the ratio within a pair cancels most of
      // the drift in machine load; the median of those ratios is steadier than a ratio of medians.
      const n = Math.min(pair.sonic.length, pair.redis.length);
      const ratios = Array.from({ length: n }, (_, i) => pair.sonic[i].rps / pair.redis[i].rps);
      results.throughput.push({ test: id, pipeline, sonic, redis, rpsRatio: median(ratios) });
    }
  }
}

const FANOUT_SUBSCRIBERS = 50;
const FANOUT_PAYLOAD = 32;

/**
 * PUBLISH to one channel with 50 subscribers, at pipeline 1 and 16, the servers taking turns;
 * each figure is the median over the repeats.
 */
async function pubsubFanouts(o: Options, servers: Record<ServerKind, ServerProcess>): Promise<PubsubResult[]> {
  const out: PubsubResult[] = [];
  for (const pipeline of PIPELINES) {
    // Pipeline 1 is bound by round trips: fewer messages keep the run short.
    const messages = Math.max(1000, Math.round((pipeline === 1 ? 0.2 : 1) * o.requests));
    const rates: Record<ServerKind, number[]> = { sonic: [], redis: [] };
    for (let rep = 1; rep <= o.repeats; rep++) {
      for (const kind of ['sonic', 'redis'] as const) {
        ensureAlive(servers[kind]);
        const r = await pubsubFanout({ port: servers[kind].port, subscribers: FANOUT_SUBSCRIBERS, messages, pipeline, payloadBytes: FANOUT_PAYLOAD });
        rates[kind].push(r.deliveredPerSec);
      }
      log(`[${rep}/${o.repeats}] pubsub fan-out P=${pipeline} sonic ${Math.round(rates.sonic[rep - 1])} redis ${Math.round(rates.redis[rep - 1])} msg/s`);
    }
    out.push({
      subscribers: FANOUT_SUBSCRIBERS,
      pipeline,
      messages,
      payloadBytes: FANOUT_PAYLOAD,
      sonicDeliveredPerSec: median(rates.sonic),
      redisDeliveredPerSec: median(rates.redis),
      ratio: median(rates.sonic.map((v, i) => v / rates.redis[i])),
    });
  }
  return out;
}

async function memoryOf(p: ServerProcess, keys: number, workload: MemoryWorkload): Promise<MemoryFigures> {
  const rssBeforeBytes = rssBytes(p.pid);
  const load = await loadKeys(p.port, keys, workload);
  if (load.errors > 0) throw new Error(`${p.kind}: ${load.errors} ${workload.needs.toUpperCase()}s failed, first: ${load.firstError}`);
  const c = await RespClient.open(p.port);
  let dbsize: number | string;
  try {
    const r = await c.call('DBSIZE');
    dbsize = typeof r === 'number' ? r : `DBSIZE failed: ${JSON.stringify(r)}`;
  } finally {
    c.close();
  }
  if (typeof dbsize === 'number' && dbsize !== workload.dbsize(keys)) throw new Error(`${p.kind}: DBSIZE is ${dbsize} after loading ${keys} items`);
  // Let the allocators (and V8's concurrent sweeper) settle before reading RSS.
  await sleep(2000);
  ensureAlive(p);
  const rssAfterBytes = rssBytes(p.pid);
  return { rssBeforeBytes, rssAfterBytes, bytesPerKey: (rssAfterBytes - rssBeforeBytes) / keys, dbsize, loadMs: load.ms };
}

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  const here = dirname(fileURLToPath(import.meta.url));
  const cmds: ServerCommands = {
    sonicServerJs: resolve(process.env.SONIC_SERVER_JS ?? join(here, '../src/cli/server.js')),
    redisServer: process.env.REDIS_SERVER ?? 'redis-server',
    calibrate: o.calibrate,
  };
  const benchmark = process.env.REDIS_BENCHMARK ?? 'redis-benchmark';
  const started = performance.now();
  const results: BenchResults = {
    date: new Date().toISOString(),
    durationSec: 0,
    machine: machineInfo(),
    versions: { sonic: o.calibrate ? '(calibration: redis-server)' : sonicVersion(), redisServer: versionOf(cmds.redisServer), redisBenchmark: versionOf(benchmark) },
    settings: {
      quick: o.quick,
      calibrate: o.calibrate,
      clients: CLIENTS,
      pipelines: [...PIPELINES],
      repeats: o.repeats,
      requests: Object.fromEntries(PIPELINES.map((p) => [String(p), requestsFor(o.requests, BENCH_TESTS[0].scale, p)])),
      lrangeRequests: Object.fromEntries(PIPELINES.map((p) => [String(p), requestsFor(o.requests, LRANGE_SCALE, p)])),
    },
    skipped: [],
    throughput: [],
    memory: [],
  };
  if (results.versions.redisBenchmark === 'unknown') throw new Error(`cannot run ${benchmark} --version (set REDIS_BENCHMARK)`);
  const logDir = join(tmpdir(), `sonic-bench-${process.pid}`);
  mkdirSync(logDir, { recursive: true });
  const ports = { sonic: o.sonicPort ?? (await freePort()), redis: o.redisPort ?? (await freePort()) };
  log(`Sonic: ${cmds.sonicServerJs} on port ${ports.sonic}; Redis: ${cmds.redisServer} on port ${ports.redis}; logs in ${logDir}`);

  let servers = { sonic: await start('sonic', ports.sonic, cmds, logDir), redis: await start('redis', ports.redis, cmds, logDir) };
  const wanted = BENCH_TESTS.flatMap((t) => t.commands);
  const inSonic = await supportedCommands(ports.sonic, wanted);
  const inRedis = await supportedCommands(ports.redis, wanted);
  const tests: BenchTest[] = [];
  const selected = (name: string) => o.only.length === 0 || o.only.includes(name.toLowerCase());
  for (const t of BENCH_TESTS) {
    if (!selected(t.flags)) continue;
    const missing = t.commands.filter((c) => !inSonic.has(c) || !inRedis.has(c));
    if (missing.length) results.skipped.push({ test: t.flags.toUpperCase(), reason: `no ${missing.map((c) => c.toUpperCase()).join(', ')} in ${inSonic.has(missing[0]) ? 'Redis' : 'Sonic'}` });
    else tests.push(t);
  }
  if (!o.pubsubOnly) {
    log(`Running ${tests.map((t) => t.flags).join(', ')}`);
    await throughput(o, servers, tests, benchmark, results);
  }
  results.pubsub = await pubsubFanouts(o, servers);
  await stop(servers.sonic);
  await stop(servers.redis);

  if (o.memory) {
    for (const w of MEMORY_WORKLOADS) {
      if (!selected(w.name)) continue;
      // Fresh processes per workload, so nothing earlier stays behind in either heap.
      servers = { sonic: await start('sonic', ports.sonic, cmds, logDir), redis: await start('redis', ports.redis, cmds, logDir) };
      await sleep(1000);
      if (!(await supportedCommands(ports.sonic, [w.needs])).has(w.needs)) {
        results.skipped.push({ test: `memory (${w.name})`, reason: `no ${w.needs.toUpperCase()} in Sonic` });
      } else {
        const keys = w.count(o.keys);
        log(`Loading ${keys} items (${w.name}) into each server`);
        const sonic = await memoryOf(servers.sonic, keys, w);
        const redis = await memoryOf(servers.redis, keys, w);
        results.memory.push({ workload: w.name, keys, pattern: w.pattern, sonic, redis, bytesPerKeyRatio: sonic.bytesPerKey / redis.bytesPerKey });
      }
      await stop(servers.sonic);
      await stop(servers.redis);
    }
  }

  results.machine.loadAvgEnd = loadavg()[0];
  results.durationSec = Math.round((performance.now() - started) / 1000);
  const md = renderMarkdown(results);
  process.stdout.write('\n' + md);
  mkdirSync(dirname(o.out), { recursive: true });
  writeFileSync(o.out, JSON.stringify(results, null, 2) + '\n');
  rmSync(logDir, { recursive: true, force: true }); // kept only when the run fails
  log(`\nWrote ${o.out} (${results.durationSec} s)`);
}

async function stopAll(): Promise<void> {
  await Promise.all([...running].map((p) => p.stop()));
}

process.on('SIGINT', () => void stopAll().then(() => process.exit(130)));
process.on('SIGTERM', () => void stopAll().then(() => process.exit(143)));

main().catch(async (err: unknown) => {
  await stopAll();
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
