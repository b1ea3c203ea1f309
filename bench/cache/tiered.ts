/**
 * Tiered caching benchmark (issue 7): sonic-kv's cache (L1 LRU, L1 W-TinyLFU) vs bentocache 1.6
 * (memory L1 + redis L2 + bus) and cache-manager 7 (CacheableMemory LRU + @keyv/redis), same
 * process, same server -- redis-server and Sonic, each its own process. Not a CI gate.
 *
 * Workloads:
 * - tiered get: 1,000 warm keys (all fit L1), uniform reads.
 * - zipf: getOrSet over Zipf(0.99) on --keys keys (default 1M) with L1 at 1% of them.
 * - cold-miss storm: --storm-keys cold keys x 50 concurrent callers each, a 20 ms loader.
 * Reported: ops/s, p99 latency, server commands per operation (INFO total_commands_processed),
 * L1 hit ratio (sonic-kv's counters), loader calls in the storm.
 *
 *   node dist/bench/cache/tiered.js [--ops 100000] [--keys 1000000] [--markdown]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { BentoCache, bentostore } from 'bentocache';
import { memoryDriver } from 'bentocache/drivers/memory';
import { redisDriver, redisBusDriver } from 'bentocache/drivers/redis';
import { createCache } from 'cache-manager';
import { Keyv } from 'keyv';
import KeyvRedis from '@keyv/redis';
import { CacheableMemory } from 'cacheable';
import { freePort, startServerProcess, type ServerKind } from '../servers.js';
import { createToolkit } from '../../src/cache/toolkit.js';
import { Zipf } from '../../src/cache/testing/zipf.js';
import { prng } from '../../test/helpers/prng.js';

const here = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : dflt;
};
const OPS = opt('ops', 100_000);
const KEYS = opt('keys', 1_000_000);
const STORM_KEYS = opt('storm-keys', 200);
const CONCURRENCY = 16;
const MARKDOWN = argv.includes('--markdown');

type Value = { id: string };
/** What each library is driven through. */
interface Contender {
  readonly name: string;
  getOrSet(key: string, load: () => Promise<Value>): Promise<Value | undefined>;
  /** sonic-kv only: the share of requests answered by L1. */
  l1HitRatio?(): number;
  close(): Promise<void>;
}

function contenders(port: number, l1Size: number, tag: string): Contender[] {
  const url = `redis://127.0.0.1:${port}`;
  const ours = (policy: 'lru' | 'tinylfu'): Contender => {
    const io = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: null });
    const cache = createToolkit({ client: io, prefix: `b${tag}${policy}` }).cache<Value>('bench', { ttl: '10m', l1: { policy, maxEntries: l1Size } });
    return {
      name: `sonic-kv (L1 ${policy})`,
      getOrSet: (key, load) => cache.getOrSet(key, load),
      l1HitRatio: () => {
        const s = cache.stats();
        return s.hitsL1 / s.requests;
      },
      close: async () => {
        await cache.close();
        io.disconnect();
      },
    };
  };
  const bento = (): Contender => {
    const connection = { host: '127.0.0.1', port };
    const b = new BentoCache({
      default: 't',
      prefix: `bento${tag}`,
      stores: { t: bentostore().useL1Layer(memoryDriver({ maxItems: l1Size })).useL2Layer(redisDriver({ connection })).useBus(redisBusDriver({ connection })) },
    });
    return { name: 'bentocache 1.6', getOrSet: (key, load) => b.getOrSet({ key, factory: load, ttl: '10m' }), close: () => b.disconnectAll() };
  };
  const manager = (): Contender => {
    const l2 = new KeyvRedis(url);
    const c = createCache({ stores: [new Keyv({ store: new CacheableMemory({ lruSize: l1Size }) }), new Keyv({ store: l2, namespace: `cm${tag}` })] });
    return { name: 'cache-manager 7', getOrSet: (key, load) => c.wrap(key, load, 600_000), close: () => c.disconnect().then(() => undefined) };
  };
  return [ours('lru'), ours('tinylfu'), bento(), manager()];
}

interface Measured {
  opsPerSec: number;
  p99Ms: number;
  cmdsPerOp: number;
  l1HitRatio: number | null;
  loaderCalls: number;
}

async function commandsProcessed(io: Redis): Promise<number> {
  return Number(/total_commands_processed:(\d+)/.exec(await io.info('stats'))?.[1] ?? NaN);
}

/** Runs `ops` calls of `next()`-chosen keys at CONCURRENCY (or all at once for the storm). */
async function measure(c: Contender, io: Redis, ops: number, keyOf: (i: number) => string, concurrency: number, loaderMs: number): Promise<Measured> {
  let loaderCalls = 0;
  const load = (key: string) => async (): Promise<Value> => {
    loaderCalls++;
    if (loaderMs > 0) await new Promise((r) => setTimeout(r, loaderMs));
    return { id: key };
  };
  const lat: number[] = new Array<number>(ops);
  let next = 0;
  const before = await commandsProcessed(io);
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < ops; i = next++) {
        const key = keyOf(i);
        const t0 = performance.now();
        const v = await c.getOrSet(key, load(key));
        lat[i] = performance.now() - t0;
        if (v?.id !== key) throw new Error(`${c.name}: wrong value for ${key}: ${JSON.stringify(v)}`);
      }
    }),
  );
  const elapsed = performance.now() - start;
  const cmds = (await commandsProcessed(io)) - before - 1;
  lat.sort((a, b) => a - b);
  return { opsPerSec: ops / (elapsed / 1000), p99Ms: lat[Math.floor(ops * 0.99)], cmdsPerOp: cmds / ops, l1HitRatio: c.l1HitRatio?.() ?? null, loaderCalls };
}

interface Row extends Measured {
  server: ServerKind;
  workload: string;
  library: string;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-tiered-'));
  const cmds = { sonicServerJs: resolve(process.env.SONIC_SERVER_JS ?? join(here, '../../src/cli/server.js')), redisServer: process.env.REDIS_SERVER ?? 'redis-server' };
  const rows: Row[] = [];
  let seed = 1;
  const zipf = new Zipf(KEYS, 0.99, prng(7));
  const zipfKeys = Array.from({ length: OPS }, () => `z${zipf.next()}`);
  for (const server of ['redis', 'sonic'] as ServerKind[]) {
    const port = await freePort();
    const proc = await startServerProcess(server, port, cmds, join(dir, `${server}.log`));
    const io = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: null });
    try {
      const workloads: { name: string; l1: number; run(c: Contender): Promise<Measured> }[] = [
        {
          name: 'tiered get (1,000 warm keys)',
          l1: 2000,
          run: async (c) => {
            await measure(c, io, 1000, (i) => `w${i}`, CONCURRENCY, 0); // warm both tiers
            await measure(c, io, 2000, (i) => `w${i % 1000}`, CONCURRENCY, 0);
            return measure(c, io, OPS, (i) => `w${(i * 7919) % 1000}`, CONCURRENCY, 0);
          },
        },
        { name: `zipf(0.99) over ${KEYS.toLocaleString('en')} keys, L1 1%`, l1: Math.max(1, Math.floor(KEYS / 100)), run: (c) => measure(c, io, OPS, (i) => zipfKeys[i], CONCURRENCY, 0) },
        {
          name: `cold-miss storm (${STORM_KEYS} keys x 50 callers, 20 ms loader)`,
          l1: 10_000,
          run: (c) => measure(c, io, STORM_KEYS * 50, (i) => `s${Math.floor(i / 50)}`, STORM_KEYS * 50, 20),
        },
      ];
      for (const w of workloads) {
        for (const c of contenders(port, w.l1, String(seed++))) {
          try {
            const m = await w.run(c);
            rows.push({ server, workload: w.name, library: c.name, ...m });
            process.stderr.write(`${server} | ${w.name} | ${c.name}: ${Math.round(m.opsPerSec)} ops/s, p99 ${m.p99Ms.toFixed(2)} ms, ${m.cmdsPerOp.toFixed(2)} cmds/op, L1 ${m.l1HitRatio?.toFixed(3) ?? 'n/a'}, loads ${m.loaderCalls}\n`);
          } finally {
            await c.close();
          }
        }
        await io.flushall();
      }
    } finally {
      io.disconnect();
      await proc.stop();
    }
  }
  print(rows);
}

function print(rows: Row[]): void {
  const lines = [
    '| server | workload | library | ops/s | vs best other | p99 ms | server cmds/op | L1 hit ratio | loader calls |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const others = rows.filter((o) => o.server === r.server && o.workload === r.workload && !o.library.startsWith('sonic-kv'));
    const best = Math.max(...others.map((o) => o.opsPerSec));
    const ratio = r.library.startsWith('sonic-kv') ? `${(r.opsPerSec / best).toFixed(2)}x` : '';
    lines.push(`| ${r.server} | ${r.workload} | ${r.library} | ${Math.round(r.opsPerSec)} | ${ratio} | ${r.p99Ms.toFixed(2)} | ${r.cmdsPerOp.toFixed(2)} | ${r.l1HitRatio === null ? 'n/a' : r.l1HitRatio.toFixed(3)} | ${r.loaderCalls} |`);
  }
  console.log(MARKDOWN ? lines.join('\n') : JSON.stringify(rows, null, 2));
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
