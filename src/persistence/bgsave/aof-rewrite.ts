/**
 * BGREWRITEAOF without fork (Redis 7.0's rewriteAppendOnlyFileBackground and
 * backgroundRewriteDoneHandler): at the start a new INCR file is opened, so every later write
 * lands there; the new BASE (RDB preamble or commands) is serialized by a snapshot job in slices
 * from the dataset as it was at the start and written by a writer process (Redis's child, whose
 * pid names the temp file); when that exits with success, the temp file is renamed into the AOF
 * directory, the manifest is swapped and the files it replaces are deleted.
 *
 * Also Redis's rewrite limiting (aofRewriteLimited): after repeated failures, automatic and
 * scheduled rewrites wait 1, 2, 4 ... up to 60 minutes; BGREWRITEAOF still runs at once.
 */
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Engine } from '../../engine/engine.js';
import { aofOf } from '../aof/aof.js';
import { commandsTarget } from '../aof/base-commands.js';
import { activeChild, claimSlot, newJob, rdbTarget, releaseSlot, scheduledRewriteHook, SIGUSR1, startJobWriter, type Child } from './bgsave.js';
import { strerror } from '../../config/file.js';
import type { SnapshotJob } from './snapshot-job.js';
import { saveStateOf, unixNow } from './state.js';
import type { WriterExit } from './writer-process.js';

/** Redis's AOF_REWRITE_LIMITE_THRESHOLD: consecutive failures before rewrites are delayed. */
const LIMIT_THRESHOLD = 3;
/** Redis's AOF_REWRITE_LIMITE_MAX_MINUTES. */
const LIMIT_MAX_MINUTES = 60;

/**
 * Starts a background AOF rewrite. Returns null when started, else the reason (logged), as
 * Redis's rewriteAppendOnlyFileBackground returning C_ERR (also when a job already runs).
 */
export function startRewrite(engine: Engine): string | null {
  if (activeChild(engine) !== undefined) return 'busy';
  const aof = aofOf(engine);
  const st = saveStateOf(engine);
  const fail = (msg: string): string => {
    st.lastAofRewriteOk = false;
    return msg;
  };
  const dir = aof.dirPath;
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    const msg = `Can't open or create append-only dir ${engine.config.str('appenddirname')}: ${strerror(e as Error)}`;
    engine.log('warning', msg);
    return fail(msg);
  }
  if (aof.state === 'off') {
    try {
      aof.manifest = aof.readManifest() ?? aof.manifest;
    } catch {
      // a bad manifest is replaced by the rewrite
    }
  }
  const incrErr = aof.openNewIncr();
  if (incrErr !== null) return fail(incrErr);
  aof.rewrites++;
  const root = engine.config.get<string>('dir') || process.cwd();
  const preamble = engine.config.bool('aof-use-rdb-preamble');
  let child: Child | null = null;
  let job: SnapshotJob | null = null;
  const writer = startJobWriter(engine, join(root, 'temp-rewriteaof-bg-{pid}.aof'), null, (exit) => {
    if (child !== null && activeChild(engine) === child) rewriteDone(engine, child, job!, exit, writer.tmp, preamble);
  });
  const sink = (chunk: Buffer): void => writer.write(chunk);
  const target = preamble ? rdbTarget(engine, sink, true) : commandsTarget(engine, sink);
  job = newJob(
    engine,
    target,
    (err) => {
      if (err === null) return writer.end();
      // The base could not be serialized: as a child that failed.
      writer.kill();
      rewriteDone(engine, child!, job!, { code: 1, signal: 0, step: 'write', error: err }, writer.tmp, preamble);
    },
    writer,
  );
  child = {
    kind: 'aof',
    pid: writer.pid,
    job,
    keysTotal: engine.dbs.reduce((n, db) => n + db.data.size, 0),
    waiters: [],
    // Redis's killAppendOnlyChild: no done handler, the temp file removed, the slot freed.
    kill: () => {
      engine.log('notice', `Killing running AOF rewrite child: ${writer.pid}`);
      job!.abort();
      writer.kill();
      endRewrite(engine, child!, false);
    },
  };
  st.aofRewriteScheduled = false;
  st.aofRewriteStart = unixNow();
  aof.rewriting = true;
  engine.log('notice', `Background append only file rewriting started by pid ${writer.pid}`);
  claimSlot(engine, child);
  return null;
}

/** Redis's backgroundRewriteDoneHandler, on the writer's exit. */
function rewriteDone(engine: Engine, child: Child, job: SnapshotJob, exit: WriterExit, tmp: string, preamble: boolean): void {
  const aof = aofOf(engine);
  const st = saveStateOf(engine);
  job.abort();
  st.lastAofCowSize = job.cowBytes;
  let ok = false;
  if (exit.signal === 0 && exit.code === 0) {
    engine.log('notice', `Successfully created the temporary AOF base file ${basename(tmp)}`);
    engine.log('notice', 'Background AOF rewrite terminated with success');
    ok = aof.installBase(tmp, preamble) === null;
    if (ok) engine.log('notice', 'Background AOF rewrite finished successfully');
  } else if (exit.signal === 0) {
    const why = exit.error === undefined ? 'Unknown error' : strerror(exit.error);
    engine.log(
      'warning',
      exit.step === 'open' ? `Opening the temp file for AOF rewrite in rewriteAppendOnlyFile(): ${why}` : `Write error writing append only file on disk: ${why}`,
    );
    engine.log('warning', 'Background AOF rewrite terminated with error');
  } else {
    engine.log('warning', `Background AOF rewrite terminated by signal ${exit.signal}`);
  }
  // A rewrite stopped on purpose (SIGUSR1) is not a failure.
  if (ok || exit.signal !== SIGUSR1) {
    st.lastAofRewriteOk = ok;
    st.aofRewriteFailures = ok ? 0 : st.aofRewriteFailures + 1;
  }
  if (aof.state === 'wait') {
    // Still waiting for a first rewrite: drop what was kept for this one and try again.
    aof.dropTempIncr();
    st.aofRewriteScheduled = true;
  }
  endRewrite(engine, child, ok);
}

function endRewrite(engine: Engine, child: Child, ok: boolean): void {
  const aof = aofOf(engine);
  const st = saveStateOf(engine);
  aof.lastRewriteSecs = unixNow() - st.aofRewriteStart;
  st.aofRewriteStart = -1;
  aof.rewriting = false;
  releaseSlot(engine, child, ok);
}

/** Redis's killAppendOnlyChild: stops a running AOF rewrite. */
export function killRewrite(engine: Engine): void {
  const c = activeChild(engine);
  if (c !== undefined && c.kind === 'aof') c.kill();
}

/**
 * Redis's aofRewriteLimited: true while automatic and scheduled rewrites must wait after
 * LIMIT_THRESHOLD consecutive failures (1 minute, doubling up to LIMIT_MAX_MINUTES).
 */
export function aofRewriteLimited(engine: Engine): boolean {
  const st = saveStateOf(engine);
  if (st.aofRewriteFailures < LIMIT_THRESHOLD) {
    st.limitDelayMinutes = 0;
    st.limitUntil = 0;
    return false;
  }
  const now = unixNow();
  if (st.limitUntil !== 0) {
    if (now < st.limitUntil) return true;
    st.limitUntil = 0;
    return false;
  }
  st.limitDelayMinutes = Math.min(st.limitDelayMinutes === 0 ? 1 : st.limitDelayMinutes * 2, LIMIT_MAX_MINUTES);
  st.limitUntil = now + st.limitDelayMinutes * 60;
  engine.log('warning', `Background AOF rewrite has repeatedly failed and triggered the limit, will retry in ${st.limitDelayMinutes} minutes`);
  return true;
}

// A scheduled rewrite starts from the save cron once the slot is free (and not limited).
scheduledRewriteHook.run = (engine) => {
  if (!aofRewriteLimited(engine)) startRewrite(engine);
};
