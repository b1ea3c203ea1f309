/**
 * What INFO persistence, LASTSAVE, MISCONF and the save-point cron know about saving (Redis's
 * server.rdb_* / lastbgsave_* fields), per engine. Kept free of the snapshot machinery so that
 * readers (INFO, SAVE) import little.
 */
import type { Engine } from '../../engine/engine.js';

/** Redis's CONFIG_BGSAVE_RETRY_DELAY: seconds between save-point retries after a failed BGSAVE. */
export const BGSAVE_RETRY_DELAY_S = 5;

/** The reply to writes refused after a failed background save (Redis's shared.bgsaveerr). */
export const MISCONF_RDB =
  "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. Commands that may modify the data set are disabled, because this instance is configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs for details about the RDB error.";

export interface SaveState {
  /**
   * Whether save points and FLUSHALL's save may write files on their own: always for
   * sonic-server, for an embedded server only when it was given a `dir` or `dbfilename` (an
   * embedded server touches no disk unless asked to).
   */
  autoSave: boolean;
  /** A BGSAVE waits for the AOF rewrite to end (BGSAVE SCHEDULE, rdb_bgsave_scheduled). */
  bgsaveScheduled: boolean;
  /** lastbgsave_status: false after a failed save, until one succeeds. */
  lastBgsaveOk: boolean;
  /** Unix seconds of the last BGSAVE attempt (0: none yet). */
  lastBgsaveTry: number;
  /** Unix seconds the running BGSAVE started, or -1. */
  bgsaveStart: number;
  /** rdb_last_bgsave_time_sec. */
  lastBgsaveSecs: number;
  /** rdb_saves: SAVE and BGSAVE attempts. */
  saves: number;
  /** total_forks: background jobs started (each has its writer process, Redis's child). */
  forks: number;
  /** latest_fork_usec: how long starting the last writer process took. */
  lastForkUsec: number;
  /** rdb_last_cow_size: bytes the last snapshot kept aside by copy-before-write. */
  lastCowSize: number;
  /** aof_rewrite_scheduled: a BGREWRITEAOF waits for the BGSAVE to end. */
  aofRewriteScheduled: boolean;
  /** Unix seconds the running AOF rewrite started, or -1. */
  aofRewriteStart: number;
  /** aof_last_cow_size: bytes the last AOF rewrite kept aside by copy-before-write. */
  lastAofCowSize: number;
  /** aof_last_bgrewrite_status. */
  lastAofRewriteOk: boolean;
  /** aof_rewrites_consecutive_failures. */
  aofRewriteFailures: number;
  /** Rewrite limiting after repeated failures: the current delay, and until when (unix s, 0: none). */
  limitDelayMinutes: number;
  limitUntil: number;
  /** The dirty counter when the running BGSAVE started. */
  dirtyBefore: number;
}

const states = new WeakMap<Engine, SaveState>();

export function saveStateOf(engine: Engine): SaveState {
  let s = states.get(engine);
  if (s === undefined) {
    s = {
      autoSave: engine.config.processWide,
      bgsaveScheduled: false,
      lastBgsaveOk: true,
      lastBgsaveTry: 0,
      bgsaveStart: -1,
      lastBgsaveSecs: -1,
      saves: 0,
      forks: 0,
      lastForkUsec: 0,
      lastCowSize: 0,
      aofRewriteScheduled: false,
      aofRewriteStart: -1,
      lastAofRewriteOk: true,
      aofRewriteFailures: 0,
      limitDelayMinutes: 0,
      limitUntil: 0,
      lastAofCowSize: 0,
      dirtyBefore: 0,
    };
    states.set(engine, s);
  }
  return s;
}

/** Unix time in seconds (wall clock, as Redis's time(NULL)). */
export function unixNow(): number {
  return Math.floor(Date.now() / 1000);
}

/**
 * Redis's writeCommandsDeniedByDiskError for RDB: the MISCONF text while writes are refused,
 * else null. Cached in engine.diskError (the dispatcher's one test); refreshed on every change
 * of its inputs (save result, `save`, `stop-writes-on-bgsave-error`).
 */
export function refreshDiskError(engine: Engine): void {
  const s = saveStateOf(engine);
  const deny = !s.lastBgsaveOk && engine.config.bool('stop-writes-on-bgsave-error') && engine.config.get<unknown[]>('save').length > 0;
  engine.diskError = deny ? MISCONF_RDB : engine.aofWriteError;
}

/** A save (SAVE, BGSAVE, SHUTDOWN, FLUSHALL's) succeeded or failed. */
export function setSaveStatus(engine: Engine, ok: boolean): void {
  saveStateOf(engine).lastBgsaveOk = ok;
  refreshDiskError(engine);
}
