/** Results of a benchmark run: their shape (written as JSON), aggregation, and the markdown table. */
import { cpus, loadavg, totalmem, release } from 'node:os';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

/** One server's figures for one test at one pipeline depth: medians over the repeats. */
export interface ServerFigures {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Every repeat's requests/s, to show the spread behind the median. */
  rpsSamples: number[];
}

/** A test at a pipeline depth, both servers side by side. */
export interface ThroughputResult {
  test: string;
  pipeline: number;
  sonic: ServerFigures;
  redis: ServerFigures;
  /**
   * Median over the repeats of Sonic's rps / Redis's rps in the same repeat (the two ran back to
   * back): above 1 means Sonic served more requests per second.
   */
  rpsRatio: number;
}

/** Memory of one server before and after the key load. */
export interface MemoryFigures {
  rssBeforeBytes: number;
  rssAfterBytes: number;
  /** (rssAfter - rssBefore) / keys. */
  bytesPerKey: number;
  /** DBSIZE after the load (must equal keys). */
  dbsize: number | string;
  loadMs: number;
}

export interface MemoryResult {
  /** What was loaded ("strings", "hashes", "sorted sets"). */
  workload: string;
  keys: number;
  /** The shape of every key and value loaded. */
  pattern: string;
  sonic: MemoryFigures;
  redis: MemoryFigures;
  /** sonic.bytesPerKey / redis.bytesPerKey. */
  bytesPerKeyRatio: number;
}

/** The machine the run happened on. */
export interface MachineInfo {
  nproc: number;
  cpuModel: string;
  memTotalBytes: number;
  kernel: string;
  node: string;
  /** 1-minute load averages at the start and the end: other work on the machine skews results. */
  loadAvgStart: number;
  loadAvgEnd: number;
}

/** Everything written to bench/results/latest.json. */
export interface BenchResults {
  date: string;
  durationSec: number;
  machine: MachineInfo;
  versions: { sonic: string; redisServer: string; redisBenchmark: string };
  settings: {
    quick: boolean;
    /** A calibration run: redis-server in both seats, so every ratio shows the noise floor. */
    calibrate: boolean;
    clients: number;
    pipelines: number[];
    repeats: number;
    /** Requests per test per invocation, by pipeline depth. */
    requests: Record<string, number>;
    /** The same for the LRANGE_* tests, whose large replies make each request slow. */
    lrangeRequests: Record<string, number>;
  };
  /** Tests not run, and why (commands Sonic lacks, or a failed invocation). */
  skipped: { test: string; reason: string }[];
  throughput: ThroughputResult[];
  /** Pub/Sub fan-out (bench/pubsub-fanout.ts); absent in results from before it existed. */
  pubsub?: PubsubResult[];
  memory: MemoryResult[];
}

/** One Pub/Sub fan-out setting: messages delivered per second, median over the repeats. */
export interface PubsubResult {
  subscribers: number;
  pipeline: number;
  messages: number;
  payloadBytes: number;
  sonicDeliveredPerSec: number;
  redisDeliveredPerSec: number;
  /** Median of the per-repeat Sonic/Redis ratios. */
  ratio: number;
}

/** Median of a non-empty list (mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Reads the machine description from the OS (nproc, /proc/cpuinfo's model name, Node version). */
export function machineInfo(): MachineInfo {
  let cpuModel = cpus()[0]?.model ?? 'unknown';
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) cpuModel = m[1].trim();
  } catch {
    // not Linux: keep os.cpus()'s model
  }
  const load = loadavg()[0];
  return {
    nproc: cpus().length,
    cpuModel,
    memTotalBytes: totalmem(),
    kernel: release(),
    node: process.version,
    loadAvgStart: load,
    loadAvgEnd: load,
  };
}

/** Sonic's package version plus the git commit of the working directory, if there is one. */
export function sonicVersion(): string {
  let version = 'unknown';
  try {
    version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version?: string }).version ?? version;
  } catch {
    // run from elsewhere
  }
  const rev = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' });
  if (rev.status !== 0) return version;
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' });
  return `${version} (${rev.stdout.trim()}${dirty.stdout.trim() ? ', uncommitted changes' : ''})`;
}

const int = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a');
const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(3) : 'n/a');
const ratio = (n: number) => (Number.isFinite(n) ? `${n.toFixed(2)}x` : 'n/a');
const mib = (n: number) => `${(n / 1048576).toFixed(1)} MiB`;
const gib = (n: number) => `${(n / 1073741824).toFixed(1)} GiB`;

/** The results as markdown: a header line, the throughput table and the memory table. */
export function renderMarkdown(r: BenchResults): string {
  const m = r.machine;
  const lines: string[] = [];
  lines.push(
    `Sonic ${r.versions.sonic} vs ${r.versions.redisServer}, ${r.date.slice(0, 10)}; ` +
      `${m.cpuModel}, ${m.nproc} cores, ${gib(m.memTotalBytes)} RAM, Linux ${m.kernel}, Node ${m.node}; ` +
      `load average ${m.loadAvgStart.toFixed(2)} at start, ${m.loadAvgEnd.toFixed(2)} at end.`,
  );
  const perPipeline = (req: Record<string, number>) =>
    Object.entries(req)
      .map(([p, n]) => `${int(n)} at pipeline ${p}`)
      .join(', ');
  lines.push(
    `${r.versions.redisBenchmark} on the same machine, -c ${r.settings.clients}; requests per test: ${perPipeline(r.settings.requests)} ` +
      `(LRANGE_*: ${perPipeline(r.settings.lrangeRequests)}); ` +
      `${r.settings.repeats} run${r.settings.repeats === 1 ? '' : 's'}, the servers taking turns test by test; every figure is a median over the runs, ` +
      `Sonic/Redis the median of the per-run ratios${r.settings.quick ? ' (--quick: smoke run, numbers not stable)' : ''}.`,
  );
  if (r.settings.calibrate) {
    lines.push('');
    lines.push('**Calibration run (--calibrate): redis-server in both seats; the "Sonic" columns are a second Redis. The spread of the ratios around 1.00x is the noise floor.**');
  }
  if (r.throughput.length) {
    lines.push('');
    lines.push('| Test | Pipeline | Sonic req/s | Redis req/s | Sonic/Redis | Sonic p50 ms | Redis p50 ms | Sonic p99 ms | Redis p99 ms |');
    lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  }
  for (const t of r.throughput) {
    lines.push(
      `| ${t.test} | ${t.pipeline} | ${int(t.sonic.rps)} | ${int(t.redis.rps)} | ${ratio(t.rpsRatio)} | ` +
        `${ms(t.sonic.p50Ms)} | ${ms(t.redis.p50Ms)} | ${ms(t.sonic.p99Ms)} | ${ms(t.redis.p99Ms)} |`,
    );
  }
  if (r.skipped.length) {
    lines.push('');
    lines.push(`Not run: ${r.skipped.map((s) => `${s.test} (${s.reason})`).join('; ')}.`);
  }
  if (r.pubsub?.length) {
    lines.push('');
    lines.push('Pub/Sub fan-out: one channel, PUBLISH from one connection with up to <pipeline> in flight; messages delivered per second to all subscribers together.');
    lines.push('');
    lines.push('| Subscribers | Pipeline | Messages | Payload | Sonic msg/s | Redis msg/s | Sonic/Redis |');
    lines.push('|---:|---:|---:|---:|---:|---:|---:|');
    for (const p of r.pubsub) {
      lines.push(`| ${p.subscribers} | ${p.pipeline} | ${int(p.messages)} | ${p.payloadBytes} B | ${int(p.sonicDeliveredPerSec)} | ${int(p.redisDeliveredPerSec)} | ${ratio(p.ratio)} |`);
    }
  }
  if (r.memory.length) {
    lines.push('');
    lines.push('Memory: each workload loaded into fresh servers with pipelined commands; RSS from /proc/<pid>/status, bytes per item = RSS growth / items (keys; entries for the stream).');
    lines.push('');
    lines.push('| Workload | Items | Sonic RSS after | Redis RSS after | Sonic bytes/item | Redis bytes/item | Sonic/Redis | Load time Sonic / Redis |');
    lines.push('|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const m of r.memory) {
      const verified = typeof m.sonic.dbsize === 'number' && typeof m.redis.dbsize === 'number';
      lines.push(
        `| \`${m.pattern}\`${verified ? '' : ' (DBSIZE unverified)'} | ${int(m.keys)} | ${mib(m.sonic.rssAfterBytes)} | ${mib(m.redis.rssAfterBytes)} | ${int(m.sonic.bytesPerKey)} | ${int(m.redis.bytesPerKey)} | ${ratio(m.bytesPerKeyRatio)} | ${(m.sonic.loadMs / 1000).toFixed(2)} s / ${(m.redis.loadMs / 1000).toFixed(2)} s |`,
      );
    }
  }
  return lines.join('\n') + '\n';
}
