/**
 * maxmemory eviction (Redis 7.0's evict.c performEvictions), called by the dispatcher before
 * every command while maxmemory is set, and from a background loop when one call could not
 * finish (or CONFIG SET lowered maxmemory).
 *
 * - Over the limit, keys are evicted until the bytes they freed cover the excess measured at
 *   the start. Freed bytes are MEMORY USAGE's estimate of each key (observability/object-size.ts),
 *   credited against the measured heap until a major GC reclaims them (observability/memory.ts;
 *   docs/EVICTION.md explains why a heap measurement alone cannot drive the loop).
 * - Candidates: LRU, LFU and volatile-ttl sample maxmemory-samples keys of every database into
 *   one pool of the best candidates (keyspace/eviction-pool.ts); the random policies take one
 *   random key per round, visiting the databases in turn; volatile-* look only at keys with a TTL.
 * - maxmemory-eviction-tenacity bounds the time of one call; past it the rest is left to the
 *   background loop (setImmediate rounds, so clients are served in between) and the call
 *   reports "running", which does not refuse commands. "fail" (nothing left to evict, or
 *   noeviction) makes the dispatcher refuse deny-oom commands with -OOM.
 * - Each evicted key: deleted (lazily under lazyfree-lazy-eviction), counted in evicted_keys,
 *   signalled as modified (WATCH, client-side caching: the invalidations reach the triggering
 *   client before its reply), an `evicted` keyspace event, and a DEL (UNLINK) to the AOF and
 *   replicas, not wrapped in MULTI.
 */
import type { Engine } from './engine.js';
import { EvictionPool, KeySampler } from '../keyspace/eviction-pool.js';
import { lfuDecayed, lfuFieldWithFreq, type LfuClock } from '../keyspace/lfu.js';
import { keySize } from '../observability/object-size.js';
import { creditFreed, usedMemoryOver } from '../observability/memory.js';
import { clientBuffers } from '../observability/memory-overhead.js';
import { latencySampleIfNeeded } from '../observability/call-hooks.js';
import { notifyKeyspaceEvent, Notify } from './notify.js';
import { propagateDeletion } from './propagation/api.js';
import { lazyFreeOf } from '../keyspace/lazy-free.js';
import { lruSeconds } from '../keyspace/db.js';
import { MAXMEMORY_POLICY } from '../config/params.js';

/** What performEvictions reports (Redis's EVICT_OK / EVICT_RUNNING / EVICT_FAIL). */
export const enum EvictResult {
  Ok = 0,
  Running = 1,
  Fail = 2,
}

/** maxmemory-policy values (config/params.ts MAXMEMORY_POLICY). */
export const enum Policy {
  VolatileLru = 1,
  VolatileLfu = 2,
  VolatileRandom = 3,
  VolatileTtl = 4,
  AllkeysLru = 5,
  AllkeysLfu = 6,
  AllkeysRandom = 7,
  NoEviction = 8,
}

const POLICY_BY_NAME = new Map<string, Policy>(MAXMEMORY_POLICY.map(([name, value]) => [name, value as Policy]));

/** The maxmemory-policy in force (the config keeps its name). */
export function maxmemoryPolicy(engine: Engine): Policy {
  return POLICY_BY_NAME.get(engine.config.str('maxmemory-policy')) ?? Policy.NoEviction;
}

export function isLfuPolicy(p: number): boolean {
  return p === Policy.VolatileLfu || p === Policy.AllkeysLfu;
}

export function isLruPolicy(p: number): boolean {
  return p === Policy.VolatileLru || p === Policy.AllkeysLru;
}

function isAllkeys(p: number): boolean {
  return p === Policy.AllkeysLru || p === Policy.AllkeysLfu || p === Policy.AllkeysRandom;
}

/** maxmemory-eviction-tenacity as a time limit in microseconds (Redis's evictionTimeLimitUs). */
export function evictionTimeLimitUs(tenacity: number): number {
  if (tenacity <= 10) return 50 * tenacity; // linear up to 500 us
  if (tenacity < 100) return Math.floor(500 * Math.pow(1.15, tenacity - 10)); // ~2 min at 99
  return Infinity;
}

/** Keys evicted between two checks of the time limit. */
const CHECK_EVERY = 16;
/** Elements MEMORY USAGE samples in a collection to size it. */
const SIZE_SAMPLES = 5;

export class Evictor {
  readonly pool = new EvictionPool();
  readonly sampler: KeySampler;
  /** Database the random policies look at next. */
  private nextDb = 0;
  private procRunning = false;
  private proc: ReturnType<typeof setImmediate> | null = null;
  /** performance.now() when memory went over the limit and stayed there, or -1. */
  private exceededSince = -1;
  /** Milliseconds spent over the limit in past episodes (total_eviction_exceeded_time). */
  private exceededTotalMs = 0;
  private readonly samples: string[] = [];

  constructor(
    private readonly engine: Engine,
    random: () => number = Math.random,
  ) {
    this.sampler = new KeySampler(random);
    engine.onClose(() => this.stopProc());
  }

  /** Whether the background loop is evicting (a call could not free enough in its time). */
  get running(): boolean {
    return this.procRunning;
  }

  /** total_eviction_exceeded_time and current_eviction_exceeded_time, in ms. */
  exceededTimes(): { total: number; current: number } {
    const current = this.exceededSince < 0 ? 0 : performance.now() - this.exceededSince;
    return { total: Math.floor(this.exceededTotalMs + current), current: Math.floor(current) };
  }

  /** CONFIG RESETSTAT clears the total (as Redis's resetServerStats). */
  resetStats(): void {
    this.exceededTotalMs = 0;
    if (this.exceededSince >= 0) this.exceededSince = performance.now();
  }

  /**
   * Memory Redis does not count for eviction (mem_not_counted_for_evict): the replicas' output
   * buffers (Sonic keeps no shared replication buffer; the AOF buffer is written out before
   * every reply, so it holds nothing between commands).
   */
  notCounted(): number {
    return this.engine.propagation.active ? clientBuffers(this.engine).replicas : 0;
  }

  /** Bytes to free to get back under maxmemory, 0 when under it (Redis's getMaxmemoryState). */
  excess(maxmemory: number): number {
    if (maxmemory === 0) return 0;
    const used = usedMemoryOver(maxmemory);
    if (used === 0) return 0;
    const counted = Math.max(0, used - this.notCounted());
    return counted > maxmemory ? counted - maxmemory : 0;
  }

  /** Starts the background loop unless it runs already (Redis's startEvictionTimeProc). */
  startProc(): void {
    if (this.procRunning) return;
    this.procRunning = true;
    this.proc = setImmediate(this.procTick);
  }

  private stopProc(): void {
    if (this.proc !== null) clearImmediate(this.proc);
    this.proc = null;
    this.procRunning = false;
  }

  private readonly procTick = (): void => {
    this.proc = null;
    const previous = this.engine.currentClient;
    this.engine.currentClient = null;
    let r: EvictResult;
    try {
      r = this.perform();
    } finally {
      this.engine.currentClient = previous;
    }
    if (r === EvictResult.Running) this.proc = setImmediate(this.procTick);
    else this.procRunning = false;
  };

  /** Whether evicting now may change the dataset (Redis's isSafeToPerformEvictions). */
  private safe(): boolean {
    const e = this.engine;
    if (e.loading || (e.script !== null && e.script.timedOut)) return false;
    // A paused server keeps its dataset still, evictions included. (Sonic is never a replica,
    // so replica-ignore-maxmemory has nothing to skip.)
    return !e.pause.isPaused();
  }

  /** Frees memory down to maxmemory if over it; see the file comment. */
  perform(): EvictResult {
    if (!this.safe()) return EvictResult.Ok;
    const engine = this.engine;
    const hot = engine.callSettings;
    hot.refresh(engine.config);
    const tofree = this.excess(hot.maxmemory);
    let result: EvictResult;
    if (tofree === 0) result = EvictResult.Ok;
    else {
      const policy = maxmemoryPolicy(engine);
      result = policy === Policy.NoEviction ? EvictResult.Fail : this.evict(policy, tofree);
    }
    // How long memory stayed over the limit (INFO total/current_eviction_exceeded_time).
    if (result !== EvictResult.Ok) {
      if (this.exceededSince < 0) this.exceededSince = performance.now();
    } else if (this.exceededSince >= 0) {
      this.exceededTotalMs += performance.now() - this.exceededSince;
      this.exceededSince = -1;
    }
    return result;
  }

  private evict(policy: number, tofree: number): EvictResult {
    const engine = this.engine;
    const limitMs = evictionTimeLimitUs(engine.config.num('maxmemory-eviction-tenacity')) / 1000;
    const lazy = engine.config.bool('lazyfree-lazy-eviction');
    const t0 = performance.now();
    let freed = 0;
    let evicted = 0;
    let result = EvictResult.Fail;
    for (;;) {
      if (freed >= tofree) {
        result = this.procRunning ? EvictResult.Running : EvictResult.Ok;
        break;
      }
      const pick = policy === Policy.AllkeysRandom || policy === Policy.VolatileRandom ? this.pickRandom(policy) : this.pickFromPool(policy);
      if (pick === null) break; // nothing left to evict
      freed += this.evictKey(pick.dbid, pick.key, lazy);
      evicted++;
      if (evicted % CHECK_EVERY === 0 && performance.now() - t0 > limitMs) {
        // Out of time: the background loop goes on while clients are served.
        this.startProc();
        result = EvictResult.Running;
        break;
      }
    }
    latencySampleIfNeeded(engine, 'eviction-cycle', performance.now() - t0);
    return result;
  }

  /** The best pooled candidate that still exists, refilling the pool from every database. */
  private pickFromPool(policy: number): { dbid: number; key: string } | null {
    const engine = this.engine;
    const allkeys = isAllkeys(policy);
    const pool = this.pool;
    const count = engine.config.num('maxmemory-samples');
    const lfu = isLfuPolicy(policy) ? engine.lfuClock() : null;
    for (;;) {
      let total = 0;
      for (const db of engine.dbs) {
        const map = allkeys ? db.data : db.expires;
        if (map.size === 0) continue;
        total += map.size;
        const sampled = this.samples;
        sampled.length = 0;
        this.sampler.sample(map, count, sampled);
        for (const key of sampled) pool.offer(db.id, key, this.score(policy, db.id, key, lfu));
      }
      if (total === 0) return null;
      // Best first; keys deleted since they were pooled are skipped.
      for (let e = pool.takeBest(); e !== undefined; e = pool.takeBest()) {
        const db = engine.dbs[e.dbid];
        if ((allkeys ? db.data : db.expires).has(e.key)) return e;
      }
    }
  }

  /** A candidate's score: higher evicts first. */
  private score(policy: number, dbid: number, key: string, lfu: LfuClock | null): number {
    const db = this.engine.dbs[dbid];
    if (policy === Policy.VolatileTtl) return Number.MAX_SAFE_INTEGER - (db.expires.get(key) ?? 0);
    const field = db.accessTime(key);
    if (lfu !== null) return 255 - (field === undefined ? 0 : lfuDecayed(field, lfu));
    const now = this.engine.lruClock.now;
    return field === undefined ? 0 : now - field;
  }

  /** One random key, from the next database that has candidates. */
  private pickRandom(policy: number): { dbid: number; key: string } | null {
    const dbs = this.engine.dbs;
    const allkeys = policy === Policy.AllkeysRandom;
    const out = this.samples;
    for (let i = 0; i < dbs.length; i++) {
      this.nextDb = (this.nextDb + 1) % dbs.length;
      const db = dbs[this.nextDb];
      const map = allkeys ? db.data : db.expires;
      if (map.size === 0) continue;
      out.length = 0;
      this.sampler.sample(map, 1, out);
      if (out.length !== 0) return { dbid: db.id, key: out[0] };
    }
    return null;
  }

  /** Evicts one key; returns the bytes it is estimated to free. */
  private evictKey(dbid: number, key: string, lazy: boolean): number {
    const engine = this.engine;
    const db = engine.dbs[dbid];
    const value = db.data.get(key);
    if (value === undefined) return 0;
    const bytes = keySize(key, value, SIZE_SAMPLES, db.expires.has(key));
    const threshold = engine.callSettings.latencyThreshold;
    const t0 = threshold > 0 ? performance.now() : 0;
    db.evict(key);
    if (lazy) lazyFreeOf(engine).freeValue(value);
    if (threshold > 0) latencySampleIfNeeded(engine, 'eviction-del', performance.now() - t0);
    creditFreed(bytes);
    engine.stats.evictedKeys++;
    notifyKeyspaceEvent(engine, Notify.Evicted, 'evicted', key, dbid);
    propagateDeletion(engine, dbid, key, lazy);
    return bytes;
  }
}

/**
 * Sets the access field of a key just created from a serialized form (RESTORE IDLETIME/FREQ,
 * an RDB's IDLE/FREQ opcodes), as Redis's objectSetLRUOrLFU: under an LFU policy the counter
 * (when given), otherwise the idle time (when given). -1 means not given.
 */
export function setLruOrLfu(engine: Engine, dbid: number, key: string, freq: number, idleSeconds: number): void {
  const db = engine.dbs[dbid];
  if (isLfuPolicy(maxmemoryPolicy(engine))) {
    if (freq >= 0) db.setAccessTime(key, lfuFieldWithFreq(engine.lfuClock(), freq));
  } else if (idleSeconds >= 0) {
    db.setAccessTime(key, lruSeconds(engine.clock.now()) - idleSeconds);
  }
}
