/**
 * Background saving without fork (Redis's rdbSaveBackground and what serverCron does around
 * it): one snapshot job at a time plays the part of Redis's child process, either a BGSAVE or an
 * AOF rewrite. This file owns that slot, the BGSAVE life cycle (temp file, fsync, rename, the
 * status and counters INFO shows), save points, scheduled BGSAVEs and FLUSHALL's save.
 */
import { constants } from 'node:os';
import { basename, join } from 'node:path';
import type { Engine } from '../../engine/engine.js';
import { REDIS_VERSION } from '../../config/version.js';
import { strerror } from '../../config/file.js';
import { RdbFileWriter } from '../rdb/file-write.js';
import { encodingLimits, rdbPath, saveRdb } from '../snapshot.js';
import { startWriter, type SnapshotWriter, type WriterExit } from './writer-process.js';
import { SnapshotJob, snapshotSettings, type SnapshotJobOptions, type SnapshotTarget } from './snapshot-job.js';
import { BGSAVE_RETRY_DELAY_S, refreshDiskError, saveStateOf, setSaveStatus, unixNow } from './state.js';

/** What occupies the background slot (Redis's child_type). */
export type ChildKind = 'rdb' | 'aof';

/** The running background job of an engine. */
export interface Child {
  kind: ChildKind;
  /** The writer process's pid (the server's own when it writes in-process). */
  pid: number;
  job: SnapshotJob;
  /** Keys in the dataset when it started (current_save_keys_total). */
  keysTotal: number;
  /** Stops it and removes what it wrote (Redis kills the child). */
  kill(): void;
  /** Told once when the job ended: true on success. */
  waiters: ((ok: boolean) => void)[];
}

const children = new WeakMap<Engine, Child>();

/** The job in the background slot, or undefined. */
export function activeChild(engine: Engine): Child | undefined {
  return children.get(engine);
}

/** Which kind of snapshot runs, if any (Redis's child_type). */
export function snapshotInProgress(engine: Engine): ChildKind | null {
  return children.get(engine)?.kind ?? null;
}

/** Occupies the slot; the job starts on the next turn of the event loop. */
export function claimSlot(engine: Engine, child: Child): void {
  children.set(engine, child);
  child.job.start();
}

/** Frees the slot and tells the waiters. */
export function releaseSlot(engine: Engine, child: Child, ok: boolean): void {
  if (children.get(engine) === child) children.delete(engine);
  for (const w of child.waiters.splice(0)) w(ok);
}

/** Slices of at most this many ms: clients wait at most about this long for the event loop. */
export const SLICE_MS = 2;

/** Redis's AUX fields for an RDB image started now. */
export function rdbAux(engine: Engine, extra: readonly [string, string][] = [], aofBase = false): [string, string][] {
  return [
    ['redis-ver', REDIS_VERSION],
    ['redis-bits', '64'],
    ['ctime', String(unixNow())],
    ['used-mem', String(process.memoryUsage().rss)],
    ...extra,
    ['aof-base', aofBase ? '1' : '0'],
  ];
}

/**
 * An RDB image target over a chunk sink; the header (AUX fields, function libraries) is written
 * at once, as of now.
 */
export function rdbTarget(engine: Engine, sink: (chunk: Buffer) => void, aofBase = false): SnapshotTarget & { writer: RdbFileWriter } {
  const writer = new RdbFileWriter({
    compress: engine.config.bool('rdbcompression'),
    checksum: engine.config.bool('rdbchecksum'),
    limits: encodingLimits(engine),
    aux: rdbAux(engine, [], aofBase),
    functions: engine.functions.codes(),
    sink,
  });
  writer.header();
  return {
    writer,
    db: (id, size, expires) => writer.db(id, size, expires),
    key: (k) => writer.key(k),
    end: () => writer.finish(),
  };
}

/** Redis kills a child with SIGUSR1 when it stops a job on purpose (not an error). */
export const SIGUSR1 = constants.signals.SIGUSR1;

/**
 * The writer process of a new background job (Redis's redisFork): counted in total_forks, the
 * time it took to start in latest_fork_usec.
 */
export function startJobWriter(engine: Engine, template: string, finalPath: string | null, onExit: (e: WriterExit) => void): SnapshotWriter {
  const st = saveStateOf(engine);
  const t0 = performance.now();
  const writer = startWriter(template, finalPath, onExit);
  st.lastForkUsec = Math.round((performance.now() - t0) * 1000);
  st.forks++;
  return writer;
}

/** A snapshot job over the engine's data as of now, reporting to `done`, paced by `throttle`. */
export function newJob(engine: Engine, target: SnapshotTarget, done: (err: Error | null) => void, throttle?: SnapshotJobOptions['throttle']): SnapshotJob {
  return new SnapshotJob(engine, { target, sliceMs: SLICE_MS, limits: encodingLimits(engine), done, throttle, ...snapshotSettings(engine) });
}

function totalKeys(engine: Engine): number {
  let n = 0;
  for (const db of engine.dbs) n += db.data.size;
  return n;
}

/**
 * Redis's rdbSaveBackground: starts a BGSAVE to `path` (default dir/dbfilename). False when the
 * background slot is taken. The file is written by a writer process (writer-process.ts): the
 * job goes by its pid, and like Redis's child a failure to create the file shows up as a failed
 * save a moment later, not as a refusal.
 */
export function startBgsave(engine: Engine, path = rdbPath(engine)): boolean {
  if (children.has(engine)) return false;
  const st = saveStateOf(engine);
  st.saves++;
  st.dirtyBefore = engine.dirty;
  st.lastBgsaveTry = unixNow();
  const dir = engine.config.get<string>('dir') || process.cwd();
  let child: Child | null = null;
  let job: SnapshotJob | null = null;
  const finish = (ok: boolean): void => {
    st.lastBgsaveSecs = unixNow() - st.bgsaveStart;
    st.bgsaveStart = -1;
    st.lastCowSize = job!.cowBytes;
    if (ok) {
      engine.dirty -= st.dirtyBefore;
      engine.lastSave = unixNow();
    }
    releaseSlot(engine, child!, ok);
  };
  // Redis's backgroundSaveDoneHandlerDisk, on the writer's exit.
  const writer = startJobWriter(engine, join(dir, 'temp-{pid}.rdb'), path, (exit) => {
    if (child === null || children.get(engine) !== child) return;
    job!.abort();
    if (exit.signal !== 0) {
      engine.log('warning', `Background saving terminated by signal ${exit.signal}`);
      // SIGUSR1 is how a save is stopped on purpose: not an error.
      if (exit.signal !== SIGUSR1) setSaveStatus(engine, false);
      return finish(false);
    }
    if (exit.code === 0) {
      engine.log('notice', 'DB saved on disk');
      engine.log('notice', 'Background saving terminated with success');
    } else {
      logRdbWriteError(engine, exit, writer.tmp, path, dir);
      engine.log('warning', 'Background saving error');
    }
    setSaveStatus(engine, exit.code === 0);
    finish(exit.code === 0);
  });
  const target = rdbTarget(engine, (chunk) => writer.write(chunk));
  job = newJob(engine, target, (err) => {
    if (err === null) return writer.end();
    // The image could not be serialized: the writer is stopped like a failed child.
    engine.log('warning', `Write error saving DB on disk(rdbSaveRio): ${strerror(err)}`);
    writer.kill();
    engine.log('warning', 'Background saving error');
    setSaveStatus(engine, false);
    finish(false);
  }, writer);
  child = {
    kind: 'rdb',
    pid: writer.pid,
    job,
    keysTotal: totalKeys(engine),
    waiters: [],
    // Redis's killRDBChild: SIGUSR1, the status stays as it was.
    kill: () => {
      job!.abort();
      writer.kill();
      engine.log('warning', `Background saving terminated by signal ${SIGUSR1}`);
      finish(false);
    },
  };
  st.bgsaveStart = unixNow();
  engine.log('notice', `Background saving started by pid ${writer.pid}`);
  claimSlot(engine, child);
  return true;
}

/** The log line of Redis's rdbSave for the writer's failing step. */
function logRdbWriteError(engine: Engine, exit: WriterExit, tmp: string, path: string, dir: string): void {
  const why = exit.error === undefined ? 'Unknown error' : strerror(exit.error);
  const name = basename(tmp);
  if (exit.step === 'open') {
    engine.log('warning', `Failed opening the temp RDB file ${name} (in server root dir ${dir}) for saving: ${why}`);
  } else if (exit.step === 'rename') {
    engine.log('warning', `Error moving temp DB file ${name} on the final destination ${path} (in server root dir ${dir}): ${why}`);
  } else {
    engine.log('warning', `Write error saving DB on disk(${exit.step === 'write' ? 'rdbSaveRio' : (exit.step ?? 'rdbSaveRio')}): ${why}`);
  }
}

/** Redis's killRDBChild: stops a running BGSAVE (the status stays as it was: SIGUSR1). */
export function killBgsave(engine: Engine): void {
  const c = children.get(engine);
  if (c !== undefined && c.kind === 'rdb') c.kill();
}

/**
 * SHUTDOWN's first step (Redis's prepareForShutdown): a running BGSAVE would overwrite the final
 * save with older data, and a running AOF rewrite is not needed, so either is stopped.
 */
export function stopChildForShutdown(engine: Engine): void {
  const c = children.get(engine);
  if (c === undefined) return;
  engine.log('warning', c.kind === 'rdb' ? 'There is a child saving an .rdb. Killing it!' : 'There is a child rewriting the AOF. Killing it!');
  c.kill();
}

/** Calls `cb` when the running job ends (at once, with true, when none runs). */
export function whenChildDone(engine: Engine, cb: (ok: boolean) => void): void {
  const c = children.get(engine);
  if (c === undefined) cb(true);
  else c.waiters.push(cb);
}

/**
 * The SAVE that FLUSHALL does with save points configured (Redis's flushAllDataAndResetRDB),
 * after stopping a running BGSAVE, which would otherwise overwrite the file with old data.
 */
export function flushAllSave(engine: Engine): void {
  killBgsave(engine);
  if (engine.config.get<unknown[]>('save').length > 0 && saveStateOf(engine).autoSave) saveRdb(engine);
}

interface SaveRule {
  seconds: number;
  changes: number;
}

/**
 * The part of serverCron that starts saves: a save point reached (with Redis's retry delay after
 * a failed BGSAVE), or a BGSAVE scheduled while an AOF rewrite ran.
 */
export function saveCron(engine: Engine): void {
  if (children.has(engine)) return;
  const st = saveStateOf(engine);
  if (!st.autoSave) return;
  const now = unixNow();
  const retryOk = now - st.lastBgsaveTry > BGSAVE_RETRY_DELAY_S || st.lastBgsaveOk;
  for (const sp of engine.config.get<SaveRule[]>('save')) {
    if (engine.dirty >= sp.changes && now - engine.lastSave > sp.seconds && retryOk) {
      engine.log('notice', `${sp.changes} changes in ${sp.seconds} seconds. Saving...`);
      startBgsave(engine);
      return;
    }
  }
  if (st.bgsaveScheduled && retryOk && startBgsave(engine)) st.bgsaveScheduled = false;
}

/** Starts the save cron (at hz, like serverCron) and keeps engine.diskError current. */
export function installSaveCron(engine: Engine): void {
  refreshDiskError(engine);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = (): void => {
    const hz = Math.min(Math.max(engine.config.num('hz'), 1), 500);
    timer = setTimeout(() => {
      saveCron(engine);
      scheduledRewriteCron(engine);
      arm();
    }, 1000 / hz);
    timer.unref?.();
  };
  arm();
  engine.onClose(() => {
    if (timer !== undefined) clearTimeout(timer);
    children.get(engine)?.kill();
  });
}

/** Set by the AOF rewrite module: starts a rewrite scheduled while a BGSAVE ran. */
export const scheduledRewriteHook: { run: ((engine: Engine) => void) | null } = { run: null };

function scheduledRewriteCron(engine: Engine): void {
  if (!children.has(engine) && saveStateOf(engine).aofRewriteScheduled) scheduledRewriteHook.run?.(engine);
}
