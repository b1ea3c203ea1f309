/**
 * Point-in-time snapshots without fork (DESIGN rule 11): the keyspace is written out in
 * time-bounded slices on the event loop while clients keep reading and writing.
 *
 * At the start, each non-empty database gets a cursor holding its maps and the list of its key
 * names (8 bytes a key: the names themselves are shared, not copied), and the header (AUX fields,
 * function libraries) is captured. From then on the cursor is the database's `cow` hook
 * (keyspace/db.ts): before any key is modified, deleted, expired or overwritten, the hook keeps
 * the key's value and TTL as they are (copy-before-write; a string is kept by reference, a
 * collection is serialized). Writing key K then uses the kept value if there is one, else the
 * live one, which is then unchanged since the start. A key kept after it was written is simply
 * dropped with the cursor, so extra memory grows with the keys touched during the snapshot, not
 * with the dataset. Keys created after the start are not in the name list, so never written.
 *
 * Whole-database changes need no copy: FLUSHDB/FLUSHALL give the database new maps and the
 * cursor keeps the detached ones (nothing changes them any more); SWAPDB moves the hook with the
 * maps; a merging load settles everything first (preserveAll).
 */
import type { Engine } from '../../engine/engine.js';
import { lruSeconds, type CopyBeforeWrite, type Db } from '../../keyspace/db.js';
import type { Value } from '../../types/value.js';
import type { EncodingLimits } from '../rdb/decoded.js';
import { encodeValue, type SavedKey } from '../rdb/file-write.js';
import { describeValue } from '../rdb/values.js';
import { isLruPolicy, maxmemoryPolicy } from '../../engine/eviction.js';
import { lfuDecayed, lfuInitField } from '../../keyspace/lfu.js';

/** Where a snapshot goes: an RDB file, an AOF base in RDB or command form, a replica. */
export interface SnapshotTarget {
  /** Starts a non-empty database of the snapshot. */
  db(id: number, size: number, expires: number): void;
  key(k: SavedKey): void;
  /** All keys written: completes the image (EOF, checksum ...). */
  end(): void;
}

export interface SnapshotJobOptions {
  target: SnapshotTarget;
  /** rdb-key-save-delay: microseconds each key takes (negative: 1 µs every |n| keys). */
  keyDelayUs: number;
  /** The longest a slice runs before yielding to clients, in ms. */
  sliceMs: number;
  /** Record IDLE times (maxmemory-policy with LRU). */
  withIdle: boolean;
  limits: EncodingLimits;
  compress: boolean;
  /**
   * Backpressure from where the bytes go (a writer process's pipe): while blocked() the job
   * pauses between keys until whenReady calls back.
   */
  throttle?: { blocked(): boolean; whenReady(resume: () => void): void };
  /** Called once, after end() (err null) or when a slice threw (the target's error). */
  done: (err: Error | null) => void;
}

/** The value-independent options of a snapshot of `engine`, from its config. */
export function snapshotSettings(engine: Engine): Pick<SnapshotJobOptions, 'keyDelayUs' | 'withIdle' | 'compress'> {
  return {
    keyDelayUs: engine.config.num('rdb-key-save-delay'),
    withIdle: isLruPolicy(maxmemoryPolicy(engine)),
    compress: engine.config.bool('rdbcompression'),
  };
}

/** One database's part of a snapshot, and the copy-before-write hook of its maps. */
class DbCursor implements CopyBeforeWrite {
  readonly data: Map<string, Value>;
  readonly expires: Map<string, number>;
  readonly access: Map<string, number>;
  readonly accessDefault: number | undefined;
  readonly size: number;
  readonly volatile: number;
  /** Names of the keys at the start, in the order they are written. */
  readonly names: string[];
  pos = 0;
  /** Keys kept as they were at the start, before a change. */
  readonly kept = new Map<string, SavedKey>();

  constructor(
    private readonly job: SnapshotJob,
    readonly id: number,
    db: Db,
  ) {
    this.data = db.data;
    this.expires = db.expires;
    this.access = db.access;
    this.accessDefault = db.accessDefault;
    this.size = db.data.size;
    this.volatile = db.expires.size;
    this.names = Array.from(db.data.keys());
  }

  preserve(key: string): void {
    if (this.kept.has(key)) return;
    const v = this.data.get(key);
    if (v === undefined) return;
    const rec = this.job.record(this, key, v, true);
    if (rec !== null) this.kept.set(key, rec);
  }

  preserveAll(): void {
    for (let i = this.pos; i < this.names.length; i++) this.preserve(this.names[i]);
  }

  idle(key: string, v: Value, lruNow: number): number {
    const t = (typeof v === 'string' ? this.access.get(key) : v.lru) ?? this.accessDefault;
    return t === undefined ? 0 : Math.max(0, lruNow - t);
  }
}

/** A snapshot being written; see the file comment. */
export class SnapshotJob {
  private readonly cursors: DbCursor[] = [];
  private index = 0;
  private dbStarted = false;
  private timer: ReturnType<typeof setTimeout> | ReturnType<typeof setImmediate> | undefined;
  private finished = false;
  private readonly startedAt = performance.now();
  private readonly perKeyUs: number;
  /** Keys written so far. */
  keysWritten = 0;
  /** Bytes kept aside by copy-before-write (INFO rdb_last_cow_size). */
  cowBytes = 0;
  /** Keys kept aside by copy-before-write. */
  cowKeys = 0;

  constructor(
    private readonly engine: Engine,
    private readonly opts: SnapshotJobOptions,
  ) {
    const d = opts.keyDelayUs;
    this.perKeyUs = d > 0 ? d : d < 0 ? 1 / -d : 0;
    for (const db of engine.dbs) {
      if (db.data.size === 0) continue;
      const cur = new DbCursor(this, db.id, db);
      db.cow = cur;
      this.cursors.push(cur);
    }
  }

  /** Starts writing in slices (the first on the next turn of the event loop). */
  start(): void {
    this.schedule(0);
  }

  /** True until the last byte went to the target (or the job was aborted). */
  get running(): boolean {
    return !this.finished;
  }

  /** Stops without completing the image (the caller discards it). */
  abort(): void {
    if (this.finished) return;
    this.finished = true;
    this.cancelTimer();
    this.detachAll();
  }

  /** Writes everything left now, in one go (SHUTDOWN, a test that must not wait). */
  runToEnd(): void {
    this.cancelTimer();
    this.step(Infinity, true);
  }

  /** A key as the snapshot must write it: kept (copied) when `copy`, else read in place. */
  record(cur: DbCursor, key: string, v: Value, copy: boolean): SavedKey | null {
    const d = describeValue(v);
    if (d === null) {
      if (!copy) this.engine.log('warning', `Skipping key '${key}' of a type the RDB writer does not support`);
      return null;
    }
    const exp = cur.expires.size === 0 ? undefined : cur.expires.get(key);
    const lruIdle = this.opts.withIdle ? cur.idle(key, v, this.engine.lruClock.now) : -1;
    // Under an LFU policy the counter as decayed by now (Redis's FREQ opcode).
    const lfu = this.engine.lruClock.lfu;
    const lfuFreq = lfu === null ? -1 : lfuDecayed((typeof v === 'string' ? cur.access.get(key) : v.lru) ?? cur.accessDefault ?? lfuInitField(lfu), lfu);
    let value: SavedKey['value'] = d;
    if (copy) {
      this.cowKeys++;
      if (typeof d === 'string') {
        // Strings are immutable: keeping one costs a reference (a mutable one was copied above).
        this.cowBytes += d.length;
      } else {
        const enc = encodeValue(d, this.opts.limits, this.opts.compress);
        this.cowBytes += enc.body.length;
        value = enc;
      }
    }
    return { key, value, expireAt: exp ?? -1, lruIdle, lfuFreq };
  }

  private schedule(delayMs: number): void {
    if (delayMs <= 0) this.timer = setImmediate(() => this.tick());
    else this.timer = setTimeout(() => this.tick(), delayMs);
  }

  private cancelTimer(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer as ReturnType<typeof setTimeout>);
    clearImmediate(this.timer as ReturnType<typeof setImmediate>);
    this.timer = undefined;
  }

  private tick(): void {
    this.timer = undefined;
    if (this.finished) return;
    this.step(this.opts.sliceMs, false);
  }

  /** Writes keys for up to `budgetMs`; reschedules itself unless done or `noPacing`. */
  private step(budgetMs: number, noPacing: boolean): void {
    const deadline = performance.now() + budgetMs;
    const target = this.opts.target;
    try {
      while (this.index < this.cursors.length) {
        const cur = this.cursors[this.index];
        if (!this.dbStarted) {
          target.db(cur.id, cur.size, cur.volatile);
          this.dbStarted = true;
        }
        while (cur.pos < cur.names.length) {
          if (!noPacing && this.perKeyUs > 0) {
            const wait = this.waitMs();
            if (wait > 0) return this.schedule(wait);
          }
          if (!noPacing && this.opts.throttle?.blocked()) return this.pause();
          const key = cur.names[cur.pos++];
          let rec = cur.kept.get(key);
          if (rec !== undefined) {
            cur.kept.delete(key);
          } else {
            const v = cur.data.get(key);
            rec = v === undefined ? undefined : (this.record(cur, key, v, false) ?? undefined);
          }
          if (rec !== undefined) {
            target.key(rec);
            this.keysWritten++;
          }
          if ((cur.pos & 31) === 0 && performance.now() >= deadline) return this.schedule(0);
        }
        this.detach(cur);
        this.index++;
        this.dbStarted = false;
      }
      if (!noPacing && this.perKeyUs > 0) {
        const wait = this.waitMs();
        if (wait > 0) return this.schedule(wait);
      }
      this.finished = true;
      target.end();
    } catch (e) {
      this.finished = true;
      this.detachAll();
      this.opts.done(e as Error);
      return;
    }
    this.opts.done(null);
  }

  /** Waits for the throttle to let the job go on. */
  private pause(): void {
    this.opts.throttle!.whenReady(() => {
      if (!this.finished && this.timer === undefined) this.schedule(0);
    });
  }

  /** Milliseconds until the next key is due under rdb-key-save-delay (Redis sleeps after each key). */
  private waitMs(): number {
    const due = this.startedAt + (this.keysWritten * this.perKeyUs) / 1000;
    return Math.ceil(due - performance.now());
  }

  private detach(cur: DbCursor): void {
    for (const db of this.engine.dbs) if (db.cow === cur) db.cow = null;
    cur.kept.clear();
  }

  private detachAll(): void {
    for (const cur of this.cursors) this.detach(cur);
  }
}
