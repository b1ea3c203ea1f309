/**
 * Persistence benchmark, Sonic against redis-server 7.0.15 (`npm run bench:persistence`):
 *
 *  1. BGSAVE of N small keys (DEBUG POPULATE, default 1M) while redis-benchmark writes SET on
 *     another keyspace with 50 clients: write throughput before and during the save, the save's
 *     duration and the extra memory it costs. Sonic's extra is its own RSS growth during the save
 *     (the copy-before-write copies, the key-name list, buffers); Redis's is the fork's
 *     copy-on-write: the parent's RSS growth plus the child's private dirty pages
 *     (/proc/<child>/smaps_rollup), sampled every 50 ms, and rdb_last_cow_size as Redis reports it.
 *  2. Start-up load of N-key RDB files written by Redis, both servers loading the same file: one
 *     of small strings (DEBUG POPULATE) and one of mixed types (strings, integers, strings with
 *     an expiry, small hashes, lists, sets of integers and of strings, sorted sets, plus a few
 *     big collections). Time until the server answers PING, and the "DB loaded from disk" time
 *     each server logs; the two servers run back to back, LOAD_RUNS times (default 3), and the
 *     best and worst of each are reported (the machine may be shared), with the memory after.
 *
 * Environment: KEYS (default 1000000), SONIC_SERVER_JS (default this build), REDIS_SERVER,
 * REDIS_BENCHMARK, LOAD_RUNS, LOAD_ONLY=1 (skip part 1). Only loopback traffic; every process
 * it starts is stopped at the end.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RespClient, RespError, type RespValue } from './resp-client.js';
import { freePort, rssBytes, sleep } from './servers.js';
import { SERVER_NODE_FLAGS } from '../src/cli/node-flags.js';

const KEYS = Number(process.env.KEYS ?? 1_000_000);
const SONIC_JS = process.env.SONIC_SERVER_JS ?? resolve(dirname(fileURLToPath(import.meta.url)), '../src/cli/server.js');
const REDIS_SERVER = process.env.REDIS_SERVER ?? 'redis-server';
const REDIS_BENCHMARK = process.env.REDIS_BENCHMARK ?? 'redis-benchmark';
const LOAD_RUNS = Number(process.env.LOAD_RUNS ?? 3);
const LOAD_ONLY = process.env.LOAD_ONLY === '1';
const MB = 1024 * 1024;

type Kind = 'sonic' | 'redis';

interface Server {
  kind: Kind;
  port: number;
  proc: ChildProcess;
  dir: string;
  client: RespClient;
}

async function start(kind: Kind, dir: string, extra: string[] = []): Promise<{ server: Server; readyMs: number }> {
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--enable-debug-command', 'yes', '--logfile', join(dir, 'server.log'), ...extra];
  const t0 = performance.now();
  const proc = kind === 'sonic' ? spawn(process.execPath, [...SERVER_NODE_FLAGS, SONIC_JS, ...args], { stdio: 'ignore' }) : spawn(REDIS_SERVER, args, { stdio: 'ignore' });
  for (let i = 0; ; i++) {
    try {
      const client = await RespClient.open(port);
      const pong = await client.call('PING');
      if (pong === 'PONG') return { server: { kind, port, proc, dir, client }, readyMs: performance.now() - t0 };
      client.close();
    } catch {
      // not listening yet, or -LOADING
    }
    if (i > 6000) throw new Error(`${kind} did not start`);
    await sleep(10);
  }
}

async function stop(s: Server): Promise<void> {
  s.client.close();
  const exited = new Promise((r) => s.proc.once('exit', r));
  s.proc.kill('SIGKILL');
  await exited;
}

function field(info: RespValue, name: string): string {
  const m = new RegExp(`\r\n${name}:([^\r]*)`).exec(`\r\n${String(info)}`);
  return m === null ? '' : m[1];
}

async function call(s: Server, ...argv: string[]): Promise<RespValue> {
  const v = await s.client.call(...argv);
  if (v instanceof RespError) throw new Error(`${argv.join(' ')}: ${v.message}`);
  return v;
}

/** Private dirty bytes of the server's children (Redis's fork), 0 when none. */
function childrenPrivateDirty(pid: number): number {
  let total = 0;
  let kids: string[] = [];
  try {
    kids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'latin1').trim().split(/\s+/).filter(Boolean);
  } catch {
    return 0;
  }
  for (const k of kids) {
    try {
      const m = /Private_Dirty:\s+(\d+) kB/.exec(readFileSync(`/proc/${k}/smaps_rollup`, 'latin1'));
      if (m !== null) total += Number(m[1]) * 1024;
    } catch {
      // exited meanwhile
    }
  }
  return total;
}

interface SaveResult {
  kind: Kind;
  baselineRps: number;
  duringRps: number;
  saveSecs: number;
  rssBefore: number;
  extraPeak: number;
  /** RSS growth over a window of the same length without a save. */
  baselineSwing: number;
  reportedCow: number;
}

async function commandsProcessed(s: Server): Promise<number> {
  return Number(field(await call(s, 'INFO', 'stats'), 'total_commands_processed'));
}

async function bgsaveUnderLoad(kind: Kind): Promise<SaveResult> {
  const dir = mkdtempSync(join(tmpdir(), `bench-persist-${kind}-`));
  const { server: s } = await start(kind, dir);
  try {
    await call(s, 'DEBUG', 'POPULATE', String(KEYS), 'pop');
    const bench = spawn(REDIS_BENCHMARK, ['-p', String(s.port), '-c', '50', '-n', '100000000', '-t', 'set', '-r', '100000', '-q'], { stdio: 'ignore' });
    try {
      await sleep(3000); // warm-up: the benchmark's 100k keys exist
      let c0 = await commandsProcessed(s);
      let t0 = performance.now();
      // The RSS swing of the write load alone (GC sawtooth), sampled like the save window.
      const rssStart = rssBytes(s.proc.pid!);
      let baselineSwing = 0;
      while (performance.now() - t0 < 3000) {
        baselineSwing = Math.max(baselineSwing, rssBytes(s.proc.pid!) - rssStart);
        await sleep(50);
      }
      const baselineRps = ((await commandsProcessed(s)) - c0) / ((performance.now() - t0) / 1000);
      const rssBefore = rssBytes(s.proc.pid!);
      c0 = await commandsProcessed(s);
      t0 = performance.now();
      await call(s, 'BGSAVE');
      let extraPeak = 0;
      for (;;) {
        const extra = rssBytes(s.proc.pid!) - rssBefore + childrenPrivateDirty(s.proc.pid!);
        extraPeak = Math.max(extraPeak, extra);
        if (field(await call(s, 'INFO', 'persistence'), 'rdb_bgsave_in_progress') === '0') break;
        await sleep(50);
      }
      const saveSecs = (performance.now() - t0) / 1000;
      const duringRps = ((await commandsProcessed(s)) - c0) / saveSecs;
      const info = await call(s, 'INFO', 'persistence');
      if (field(info, 'rdb_last_bgsave_status') !== 'ok') throw new Error(`${kind}: BGSAVE failed`);
      return { kind, baselineRps, duringRps, saveSecs, rssBefore, extraPeak, baselineSwing, reportedCow: Number(field(info, 'rdb_last_cow_size')) };
    } finally {
      bench.kill('SIGKILL');
    }
  } finally {
    await stop(s);
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Keys ARGV[1] .. ARGV[1] + ARGV[2] - 1 of the mixed dataset, one type per key by its number's
 * last digit (every Redis 7.0 encoding a small value gets: embstr, int, listpack, quicklist,
 * intset, hashtable).
 */
const MIXED_LUA = `
local s = tonumber(ARGV[1]); local n = tonumber(ARGV[2])
for i = s, s + n - 1 do
  local k = 'k:' .. i
  local m = i % 10
  if m <= 1 then redis.call('SET', k, 'value:' .. i)
  elseif m == 2 then redis.call('SET', k, tostring(i))
  elseif m == 3 then redis.call('SET', k, 'v' .. i, 'PX', 100000000 + i)
  elseif m == 4 then redis.call('HSET', k, 'f1', 'a' .. i, 'f2', i, 'f3', 'ccc', 'name', 'user' .. i)
  elseif m == 5 then redis.call('RPUSH', k, 'a', 'b' .. i, i, 'ddd', 'e')
  elseif m == 6 then redis.call('SADD', k, i, i + 1, i + 2, i + 3)
  elseif m == 7 then redis.call('SADD', k, 'm' .. i, 'x', 'y', 'z')
  elseif m == 8 then redis.call('ZADD', k, 1, 'a', 2.5, 'b' .. i, i, 'c')
  else redis.call('SET', k, string.rep('x', 40) .. i) end
end
return n`;

const BIG_LUA = `
for i = 1, 100000 do redis.call('HSET', 'bighash', 'f' .. i, 'v' .. i) end
for i = 1, 100000 do redis.call('RPUSH', 'biglist', 'e' .. i) end
for i = 1, 50000 do redis.call('ZADD', 'bigzset', i, 'm' .. i) end
for i = 1, 50000 do redis.call('SADD', 'bigset', 's' .. i) end
return 1`;

type RdbKind = 'strings' | 'mixed';

/** Writes an N-key RDB of the given kind with redis-server; returns its path. */
async function makeRdb(kind: RdbKind): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-persist-rdb-'));
  const { server: s } = await start('redis', dir);
  if (kind === 'strings') {
    await call(s, 'DEBUG', 'POPULATE', String(KEYS), 'key');
  } else {
    for (let from = 0; from < KEYS; from += 50_000) await call(s, 'EVAL', MIXED_LUA, '0', String(from), String(Math.min(50_000, KEYS - from)));
    await call(s, 'EVAL', BIG_LUA, '0');
  }
  await call(s, 'SAVE');
  await stop(s);
  return join(dir, 'dump.rdb');
}

interface LoadResult {
  readyMs: number;
  loggedSecs: number;
  keys: number;
  rss: number;
  usedMemory: number;
}

async function loadTime(kind: Kind, rdb: string): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), `bench-load-${kind}-`));
  copyFileSync(rdb, join(dir, 'dump.rdb'));
  const { server: s, readyMs } = await start(kind, dir);
  try {
    const keys = Number(await call(s, 'DBSIZE'));
    const usedMemory = Number(field(await call(s, 'INFO', 'memory'), 'used_memory'));
    const rss = rssBytes(s.proc.pid!);
    const log = existsSync(join(dir, 'server.log')) ? readFileSync(join(dir, 'server.log'), 'latin1') : '';
    const m = /DB loaded from disk: ([\d.]+) seconds/.exec(log);
    return { readyMs, loggedSecs: m === null ? NaN : Number(m[1]), keys, rss, usedMemory };
  } finally {
    await stop(s);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Loads of one file, Redis and Sonic back to back LOAD_RUNS times. */
async function loadComparison(kind: RdbKind): Promise<void> {
  const rdb = await makeRdb(kind);
  try {
    const runs: Record<Kind, LoadResult[]> = { redis: [], sonic: [] };
    for (let i = 0; i < LOAD_RUNS; i++) for (const k of ['redis', 'sonic'] as const) runs[k].push(await loadTime(k, rdb));
    console.log(`\n## Start-up load of a ${fmt(KEYS)}-key RDB written by Redis (${kind}, ${fmt(statSync(rdb).size / MB, 1)} MiB), best of ${LOAD_RUNS}\n`);
    console.log('| server | keys | ready (PING answered): best / worst | "DB loaded from disk": best / worst | RSS after | used_memory |');
    console.log('|---|---:|---:|---:|---:|---:|');
    const best: Record<string, { ready: number; logged: number }> = {};
    for (const k of ['redis', 'sonic'] as const) {
      const rs = runs[k];
      const ready = rs.map((r) => r.readyMs);
      const logged = rs.map((r) => r.loggedSecs);
      best[k] = { ready: Math.min(...ready), logged: Math.min(...logged) };
      console.log(
        `| ${k} | ${fmt(rs[0].keys)} | ${fmt(Math.min(...ready) / 1000, 2)} / ${fmt(Math.max(...ready) / 1000, 2)} s | ${fmt(Math.min(...logged), 3)} / ${fmt(Math.max(...logged), 3)} s | ${fmt(rs[0].rss / MB, 1)} MiB | ${fmt(rs[0].usedMemory / MB, 1)} MiB |`,
      );
    }
    const pairs = runs.sonic.map((r, i) => r.readyMs / runs.redis[i].readyMs);
    console.log(
      `\nSonic/Redis (${kind}): ready ${fmt(best.sonic.ready / best.redis.ready, 2)}x best to best (run by run ${fmt(Math.min(...pairs), 2)}x-${fmt(Math.max(...pairs), 2)}x); "DB loaded" ${fmt(best.sonic.logged / best.redis.logged, 2)}x`,
    );
  } finally {
    rmSync(dirname(rdb), { recursive: true, force: true });
  }
}

const fmt = (n: number, d = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

async function main(): Promise<void> {
  console.log(`# Persistence benchmark: ${fmt(KEYS)} keys`);
  if (!LOAD_ONLY) {
    const saves: SaveResult[] = [];
    for (const kind of ['redis', 'sonic'] as const) saves.push(await bgsaveUnderLoad(kind));
    console.log('\n## BGSAVE under a SET load (redis-benchmark -c 50, another keyspace)\n');
    console.log('| server | SET/s before | SET/s during save | ratio | save time | RSS before | extra memory (peak) | RSS swing without a save | rdb_last_cow_size |');
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of saves) {
      console.log(
        `| ${r.kind} | ${fmt(r.baselineRps)} | ${fmt(r.duringRps)} | ${fmt(r.duringRps / r.baselineRps, 2)} | ${fmt(r.saveSecs, 2)} s | ${fmt(r.rssBefore / MB, 1)} MiB | ${fmt(r.extraPeak / MB, 1)} MiB | ${fmt(r.baselineSwing / MB, 1)} MiB | ${fmt(r.reportedCow / 1024, 0)} KiB |`,
      );
    }
  }
  for (const kind of ['strings', 'mixed'] as const) await loadComparison(kind);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
