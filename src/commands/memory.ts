/**
 * MEMORY USAGE, STATS, DOCTOR, MALLOC-STATS, PURGE, HELP.
 *
 * Sonic's memory is V8's heap, so the figures are V8's (see observability/memory-overhead.ts and
 * object-size.ts); the reply shapes, option parsing and errors are Redis's.
 */
import { defineCommands } from './define.js';
import { replyHelp } from './help.js';
import { optionIs } from './string-common.js';
import { Errors } from '../engine/errors.js';
import { keySize } from '../observability/object-size.js';
import { memoryOverhead, type MemoryOverhead } from '../observability/memory-overhead.js';
import { parseInt64 } from '../util/int64.js';
import type { Engine } from '../engine/engine.js';

const HELP = [
  'DOCTOR',
  '    Return memory problems reports.',
  'MALLOC-STATS',
  '    Return internal statistics report from the memory allocator.',
  'PURGE',
  '    Attempt to purge dirty pages for reclamation by the allocator.',
  'STATS',
  '    Return information about the memory usage of the server.',
  'USAGE <key> [SAMPLES <count>]',
  '    Return memory in bytes used by <key> and its value. Nested values are',
  '    sampled up to <count> times (default: 5, 0 means sample all).',
] as const;

/** Redis's OBJ_COMPUTE_SIZE_DEF_SAMPLES. */
const DEFAULT_SAMPLES = 5;

/** Below this much used memory the doctor has too little to judge (Redis uses the same 5MB). */
const DOCTOR_MIN_BYTES = 5 * 1024 * 1024;

function ratio(a: number, b: number): number {
  return b > 0 ? a / b : 0;
}

/** Keys per database, for the databases that hold any. */
function nonEmptyDbs(engine: Engine): { id: number; keys: number; expires: number }[] {
  return engine.dbs.filter((db) => db.size > 0).map((db) => ({ id: db.id, keys: db.size, expires: db.volatileSize }));
}

/** A short report in Sonic's own words, covering the conditions Redis's doctor checks. */
function doctorReport(engine: Engine, mo: MemoryOverhead): string {
  if (mo.used < DOCTOR_MIN_BYTES) {
    return 'This instance holds too little data (under 5MB) for a memory analysis to mean anything. Load some data and ask again.\n';
  }
  const findings: string[] = [];
  if (mo.peak / mo.used > 1.5) {
    findings.push(` * Peak memory: at some point memory use reached ${mo.peak} bytes, more than 150% of the ${mo.used} bytes used now. The process may still hold pages from that peak, so RSS can look high.`);
  }
  const rss = mo.snapshot.rss;
  if (rss / mo.used > 1.4 && rss - mo.used > 10 << 20) {
    findings.push(` * High fragmentation: the process RSS (${rss} bytes) is ${(rss / mo.used).toFixed(2)} times the memory in use. V8 keeps freed heap pages for reuse; memory returns to the system as the heap shrinks.`);
  }
  const clients = engine.clients.size;
  if (clients > 0 && mo.clients / clients > 200 * 1024) {
    findings.push(` * Big client buffers: clients use ${Math.round(mo.clients / clients)} bytes of buffers each on average. Slow readers of big replies, or pub/sub subscribers that fall behind, cause this; client-output-buffer-limit bounds it.`);
  }
  if (findings.length === 0) return 'No memory problem found in this instance.\n';
  return `Memory report, ${findings.length} finding(s):\n\n${findings.join('\n\n')}\n`;
}

export const memoryCommands = defineCommands({
  'memory|help': (c, argv) => replyHelp(c, argv[0], HELP),

  'memory|usage': (c, argv) => {
    let samples = DEFAULT_SAMPLES;
    for (let j = 3; j < argv.length; j++) {
      if (optionIs(argv[j], 'samples') && j + 1 < argv.length) {
        const n = parseInt64(argv[++j]);
        if (n === null) return c.reply.error(Errors.notInteger);
        if (n < 0) return c.reply.error(Errors.syntax);
        samples = n === 0 ? Infinity : Number(n);
      } else {
        return c.reply.error(Errors.syntax);
      }
    }
    // Like Redis's dictFind: no expiry check, no access-time update.
    const key = argv[2];
    const v = c.db.peek(key);
    if (v === undefined) return c.reply.nullBulk();
    c.reply.int(keySize(key, v, samples, c.db.getExpire(key) !== undefined));
  },

  'memory|stats': (c) => {
    const engine = c.engine;
    const mo = memoryOverhead(engine);
    const dbs = nonEmptyDbs(engine);
    const keys = dbs.reduce((n, d) => n + d.keys, 0);
    const r = c.reply;
    const int = (name: string, n: number) => {
      r.bulk(name);
      r.int(Math.round(n));
    };
    const dbl = (name: string, d: number) => {
      r.bulk(name);
      r.double(d);
    };
    r.mapLen(27 + dbs.length);
    int('peak.allocated', mo.peak);
    int('total.allocated', mo.used);
    int('startup.allocated', mo.startup);
    int('replication.backlog', 0);
    int('clients.slaves', mo.replicaClients);
    int('clients.normal', mo.clients);
    int('cluster.links', 0);
    int('aof.buffer', 0);
    int('lua.caches', 0);
    int('functions.caches', 0);
    for (const d of dbs) {
      r.bulk(`db.${d.id}`);
      r.mapLen(3);
      // The keyspace Maps' entries: three pointers each (key, value, chain).
      int('overhead.hashtable.main', d.keys * 24);
      int('overhead.hashtable.expires', d.expires * 24);
      int('overhead.hashtable.slot-to-keys', 0);
    }
    int('overhead.total', mo.overhead);
    int('keys.count', keys);
    int('keys.bytes-per-key', keys > 0 ? Math.floor(mo.netUsage / keys) : 0);
    int('dataset.bytes', mo.dataset);
    dbl('dataset.percentage', ratio(mo.dataset * 100, mo.netUsage));
    dbl('peak.percentage', ratio(mo.used * 100, mo.peak));
    int('allocator.allocated', mo.allocated);
    int('allocator.active', mo.active);
    int('allocator.resident', mo.resident);
    dbl('allocator-fragmentation.ratio', ratio(mo.active, mo.allocated));
    int('allocator-fragmentation.bytes', mo.active - mo.allocated);
    dbl('allocator-rss.ratio', ratio(mo.resident, mo.active));
    int('allocator-rss.bytes', mo.resident - mo.active);
    dbl('rss-overhead.ratio', ratio(mo.snapshot.rss, mo.resident));
    int('rss-overhead.bytes', mo.snapshot.rss - mo.resident);
    dbl('fragmentation', ratio(mo.snapshot.rss, mo.used));
    int('fragmentation.bytes', mo.snapshot.rss - mo.used);
  },

  // Redis built without jemalloc answers this; Sonic's allocator is V8's.
  'memory|malloc-stats': (c) => c.reply.bulk('Stats not supported for the current allocator'),

  'memory|doctor': (c) => c.reply.verbatim(doctorReport(c.engine, memoryOverhead(c.engine))),

  // Nothing to purge on demand: V8 returns pages to the system as its heap shrinks.
  'memory|purge': (c) => c.reply.ok(),
});
