/**
 * RDB files on disk for a running engine: SAVE (write to a temp file, fsync, rename: the old
 * file is replaced atomically or not at all) and loading at start-up or on DEBUG RELOAD (read
 * the whole file into fresh databases and install them only when every byte checked out, so a
 * bad file leaves the dataset untouched).
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Engine } from '../engine/engine.js';
import { lruSeconds, stamp, type Db } from '../keyspace/db.js';
import { lfuDecayed, lfuFieldWithFreq, lfuInitField, type LfuClock } from '../keyspace/lfu.js';
import { isLruPolicy, maxmemoryPolicy } from '../engine/eviction.js';
import { touchAllWatchedKeysInDb } from '../keyspace/watched-keys.js';
import type { Value } from '../types/value.js';
import { REDIS_VERSION } from '../config/version.js';
import type { EncodingLimits } from './rdb/decoded.js';
import { RdbReading, type ReadResult } from './rdb/file-read.js';
import { debugDelay } from './loading.js';
import { writeRdb, type SavedDb, type SavedKey } from './rdb/file-write.js';
import { RdbError } from './rdb/errors.js';
import { setSaveStatus } from './bgsave/state.js';
import { buildValue, describeValue } from './rdb/values.js';

/** The encoding thresholds in force, from the config. */
export function encodingLimits(engine: Engine): EncodingLimits {
  const c = engine.config;
  return {
    hashMaxListpackEntries: c.num('hash-max-listpack-entries'),
    hashMaxListpackValue: c.num('hash-max-listpack-value'),
    zsetMaxListpackEntries: c.num('zset-max-listpack-entries'),
    zsetMaxListpackValue: c.num('zset-max-listpack-value'),
    setMaxIntsetEntries: c.num('set-max-intset-entries'),
    listMaxListpackSize: c.num('list-max-listpack-size'),
  };
}

/** Persistence counters INFO reports, per engine. */
export interface PersistenceState {
  keysLoaded: number;
  keysExpired: number;
}
const states = new WeakMap<Engine, PersistenceState>();

export function persistenceOf(engine: Engine): PersistenceState {
  let s = states.get(engine);
  if (s === undefined) {
    s = { keysLoaded: 0, keysExpired: 0 };
    states.set(engine, s);
  }
  return s;
}

/** Absolute path of the RDB file: `dir` / `dbfilename`. */
export function rdbPath(engine: Engine): string {
  return join(engine.config.get<string>('dir') || process.cwd(), engine.config.str('dbfilename'));
}

function* savedKeys(engine: Engine, db: Db, withIdle: boolean, now: number): Generator<SavedKey> {
  // Under an LFU policy the counter is saved (decayed by now), as Redis's rdbSaveKeyValuePair.
  const lfu = engine.lruClock.lfu === null ? null : engine.lfuClock();
  for (const [key, v] of db.data) {
    const value = describeValue(v);
    if (value === null) {
      engine.log('warning', `Skipping key '${key}' of a type the RDB writer does not support`);
      continue;
    }
    const exp = db.expires.size === 0 ? undefined : db.expires.get(key);
    const idle = withIdle ? Math.max(0, lruSeconds(now) - (db.accessTime(key) ?? lruSeconds(now))) : -1;
    const freq = lfu === null ? -1 : lfuDecayed(db.accessTime(key) ?? lfuInitField(lfu), lfu);
    yield { key, value, expireAt: exp ?? -1, lruIdle: idle, lfuFreq: freq };
  }
}

/** What a snapshot holds besides the usual (writeSnapshot). */
export interface SnapshotOptions {
  /** AUX fields repl-stream-db, repl-id, repl-offset: a snapshot made for a replica. */
  replAux?: readonly [string, string][];
  /** False: no keys at all (a replica's REPLCONF rdb-filter-only). */
  keys?: boolean;
  /** AUX aof-base 1: the BASE file of a multi-part AOF. */
  aofBase?: boolean;
}

/**
 * Streams an RDB image of every database to `sink` (Redis's rdbSaveRio), with Redis's AUX
 * fields in Redis's order. Throws what the sink throws.
 */
export function writeSnapshot(engine: Engine, sink: (chunk: Buffer) => void, opts: SnapshotOptions = {}): void {
  const now = engine.clock.now();
  const withIdle = isLruPolicy(maxmemoryPolicy(engine));
  const dbs: SavedDb[] =
    opts.keys === false
      ? []
      : engine.dbs.map((db) => ({
          id: db.id,
          size: db.data.size,
          expires: db.expires.size,
          keys: savedKeys(engine, db, withIdle, now),
        }));
  writeRdb(dbs, {
    compress: engine.config.bool('rdbcompression'),
    checksum: engine.config.bool('rdbchecksum'),
    limits: encodingLimits(engine),
    aux: [
      ['redis-ver', REDIS_VERSION],
      ['redis-bits', '64'],
      ['ctime', String(Math.floor(Date.now() / 1000))],
      ['used-mem', String(process.memoryUsage().rss)],
      ...(opts.replAux ?? []),
      ['aof-base', opts.aofBase === true ? '1' : '0'],
    ],
    functions: engine.functions.codes(),
    sink,
  });
}

/**
 * Writes every database to `path` the way Redis's rdbSave does. Returns null on success, or the
 * error text (already logged). Updates dirty and LASTSAVE on success.
 */
export function saveRdb(engine: Engine, path = rdbPath(engine)): string | null {
  const dir = dirname(path);
  const tmp = join(dir, `temp-${process.pid}.rdb`);
  let fd: number;
  try {
    fd = openSync(tmp, 'w');
  } catch (e) {
    const msg = `Failed opening the temp RDB file ${tmp} (in server root dir ${process.cwd()}) for saving: ${(e as Error).message}`;
    engine.log('warning', msg);
    return msg;
  }
  let step = 'rdbSaveRio';
  try {
    writeSnapshot(engine, (chunk) => {
      let off = 0;
      while (off < chunk.length) off += writeSync(fd, chunk, off, chunk.length - off);
    });
    step = 'fsync';
    fsyncSync(fd);
    step = 'fclose';
    closeSync(fd);
    fd = -1;
    step = 'rename';
    renameSync(tmp, path);
    try {
      const dfd = openSync(dir, 'r');
      fsyncSync(dfd);
      closeSync(dfd);
    } catch {
      // Some filesystems refuse fsync on directories; the rename itself succeeded.
    }
  } catch (e) {
    if (fd !== -1) {
      try {
        closeSync(fd);
      } catch {
        // already closed
      }
    }
    try {
      unlinkSync(tmp);
    } catch {
      // nothing to remove
    }
    const msg =
      step === 'rename'
        ? `Error moving temp DB file ${tmp} on the final destination ${path} (in server root dir ${process.cwd()}): ${(e as Error).message}`
        : `Write error saving DB on disk(${step}): ${(e as Error).message}`;
    engine.log('warning', msg);
    return msg;
  }
  engine.log('notice', 'DB saved on disk');
  engine.dirty = 0;
  engine.lastSave = Math.floor(Date.now() / 1000);
  setSaveStatus(engine, true);
  return null;
}

/** How loadRdb treats the current dataset. */
export interface LoadMode {
  /** Empty every database first (DEBUG RELOAD without NOFLUSH, start-up). */
  flush: boolean;
  /** Keys in the file replace existing ones instead of being a fatal duplicate. */
  merge: boolean;
}

/** The databases being built by a load, installed only once the whole file checked out. */
interface Staged {
  data: Map<string, Value>;
  expires: Map<string, number>;
  access: Map<string, number>;
}

/**
 * Loads the RDB file at `path`. Throws NodeJS errors for I/O (ENOENT when there is no file) and
 * RdbError for bad content; in both cases the dataset is unchanged.
 */
export function loadRdb(engine: Engine, path: string, mode: LoadMode): ReadResult {
  const load = new RdbLoad(engine, readFileSync(path), mode);
  load.step(Infinity);
  return load.finish();
}

/**
 * A load of an RDB image in steps: keys go to staged databases; finish() installs them (and the
 * function libraries) once every byte checked out, so a bad file leaves the dataset untouched.
 * Each loaded key costs key-load-delay microseconds, as in Redis (a test knob for slow loads).
 */
export class RdbLoad {
  readonly reading: RdbReading;
  private readonly staged: Staged[];
  private readonly unsupported: ReadResult['skipped'] = [];
  private readonly lruNow: number;
  /** The LFU clock when the policy is LFU (keys then get FREQ counters, not idle times), else null. */
  private readonly lfu: LfuClock | null;

  constructor(
    private readonly engine: Engine,
    buf: Buffer,
    private readonly mode: LoadMode,
  ) {
    const now = engine.clock.now();
    this.lruNow = lruSeconds(now);
    const lfu = (this.lfu = engine.lruClock.lfu === null ? null : engine.lfuClock());
    this.staged = engine.dbs.map((db) =>
      mode.flush ? { data: new Map(), expires: new Map(), access: new Map() } : { data: new Map(db.data), expires: new Map(db.expires), access: new Map(db.access) },
    );
    const delay = engine.config.num('key-load-delay');
    const lruNow = this.lruNow;
    this.reading = new RdbReading(buf, {
      limits: encodingLimits(engine),
      databases: engine.dbs.length,
      checksum: engine.config.bool('rdbchecksum'),
      now,
      packed: true,
      log: (level, msg) => engine.log(level, msg),
      onKey: (dbIndex, key, decoded, expireAt, lruIdle, lfuFreq) => {
        const s = this.staged[dbIndex];
        const v = buildValue(decoded);
        if (v === null) {
          if (s.data.has(key) && !mode.merge) throw new RdbError(`RDB has duplicated key '${key}' in DB ${dbIndex}`, 0);
          this.unsupported.push({ db: dbIndex, key, type: typeof decoded === 'string' ? 'string' : decoded.type });
          return;
        }
        // One hash lookup per key: a duplicate shows as a size that did not grow. (A failed
        // load discards the staged maps, so replacing before throwing is harmless.)
        const data = s.data;
        const size = data.size;
        if (data.set(key, v).size === size) {
          if (!mode.merge) throw new RdbError(`RDB has duplicated key '${key}' in DB ${dbIndex}`, 0);
          s.expires.delete(key);
          s.access.delete(key);
        }
        if (expireAt !== -1) s.expires.set(key, expireAt);
        // Keys without IDLE info share the load time through Db.accessDefault (one map write per key).
        // (Redis's objectSetLRUOrLFU: under LFU the FREQ counter, else the IDLE time.)
        if (lfu !== null) {
          if (lfuFreq >= 0) stamp(s.access, key, v, lfuFieldWithFreq(lfu, lfuFreq));
        } else if (lruIdle >= 0) stamp(s.access, key, v, lruNow - lruIdle);
        if (delay !== 0) debugDelay(delay);
      },
    });
  }

  /** Reads until byte offset `until` is passed or `deadline` is reached; true when complete. */
  step(until: number, deadline = Infinity): boolean {
    return this.reading.run(until, deadline);
  }

  /** Installs what was read. Throws RdbError when a function library cannot be loaded. */
  finish(): ReadResult {
    const { engine, mode, staged } = this;
    const result = this.reading.result;
    result.keysLoaded -= this.unsupported.length;
    result.skipped.push(...this.unsupported);
    // Function libraries load like keys: aside, installed with the databases (Redis empties
    // them with the data unless NOFLUSH; MERGE lets the file's libraries replace existing ones).
    const libraries = engine.functions.stage(result.functions, mode.merge);
    if (typeof libraries === 'string') {
      engine.log('warning', `Failed loading library, ${libraries}`);
      throw new RdbError(`Failed loading library, ${libraries}`, 0);
    }
    const joinError = engine.functions.install(libraries, mode.flush ? 'flush' : mode.merge ? 'replace' : 'append');
    if (joinError !== null) {
      engine.log('warning', `Failed loading library, ${joinError}`);
      throw new RdbError(`Failed loading library, ${joinError}`, 0);
    }
    engine.dbs.forEach((db, i) => {
      // A snapshot in progress keeps the old maps; merged copies share their values, so it must
      // take what it still needs from them first.
      if (db.cow !== null) {
        if (!mode.flush) db.cow.preserveAll();
        db.cow = null;
      }
      // Replacing the contents is a flush for WATCH (Redis's emptyData signals it).
      if (mode.flush && db.watched !== null) touchAllWatchedKeysInDb(db, null);
      db.data = staged[i].data;
      db.expires = staged[i].expires;
      db.access = staged[i].access;
      db.accessDefault = this.lfu === null ? this.lruNow : lfuInitField(this.lfu);
      db.generation++;
    });
    // Client-side caches are told every key is invalid (Redis's emptyData signals a flush).
    if (mode.flush) engine.tracking.invalidateAll();
    const st = persistenceOf(engine);
    st.keysLoaded = result.keysLoaded;
    st.keysExpired = result.keysExpired;
    return result;
  }
}

/** Logs what a finished load did, in Redis's words, plus what Sonic had to skip. */
export function logLoadResult(engine: Engine, result: ReadResult): void {
  if (result.skipped.length > 0) {
    const names = result.skipped.slice(0, 20).map((s) => `'${s.key}' (db ${s.db}, ${s.type})`).join(', ');
    const more = result.skipped.length > 20 ? ` and ${result.skipped.length - 20} more` : '';
    engine.log('warning', `Skipped ${result.skipped.length} key(s) of types Sonic cannot hold yet: ${names}${more}`);
  }
  if (result.emptyKeysSkipped > 0) {
    engine.log(
      'warning',
      `Done loading RDB, keys loaded: ${result.keysLoaded}, keys expired: ${result.keysExpired}, empty keys skipped: ${result.emptyKeysSkipped}.`,
    );
  } else {
    engine.log('notice', `Done loading RDB, keys loaded: ${result.keysLoaded}, keys expired: ${result.keysExpired}.`);
  }
}

/** Why a start-up load failed: the message names the file and, for bad content, the offset. */
export class LoadFailure extends Error {}
