/**
 * Redis's loadDataFromDisk and what surrounds it at start-up: with appendonly yes the AOF is
 * loaded (an old-style single AOF in `dir` is first migrated into `appenddirname`, as Redis 7.0's
 * aofUpgradePrepare does) and then kept open for appending; otherwise `dir`/`dbfilename`. With
 * appendonly yes and no AOF the RDB file is not read: Redis starts empty then too.
 *
 * The load runs in slices (persistence/loading.ts) while the server already accepts
 * connections, which get -LOADING meanwhile; the log lines are Redis's ("DB loaded from disk:
 * 0.002 seconds", "DB loaded from append only file: ...").
 */
import { existsSync, mkdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from '../engine/engine.js';
import { strerror } from '../config/file.js';
import { RdbError } from './rdb/errors.js';
import { LoadFailure, logLoadResult, rdbPath, RdbLoad } from './snapshot.js';
import { loadingOf, runLoadNow, runLoadSliced, sliceBytes, sliceDeadline, startLoading, stopLoading, type LoadSteps } from './loading.js';
import { aofOf } from './aof/aof.js';
import { installAofConfig, readManifestOrFail } from './aof/index.js';
import { AofLoadError, loadAofSteps } from './aof/load.js';
import { emptyManifest, type AofManifest } from './aof/manifest.js';

/**
 * Loads the dataset at start-up, in slices unless `sliced` is false. Registers the appendonly
 * applier. Rejects with LoadFailure (already logged) when the server must not start.
 */
export async function loadDataAtStartup(engine: Engine, sliced = true): Promise<void> {
  installAofConfig(engine);
  const steps = engine.config.bool('appendonly') ? aofStartupSteps(engine) : rdbStartupSteps(engine);
  if (sliced) await runLoadSliced(steps);
  else runLoadNow(steps);
}

function* rdbStartupSteps(engine: Engine): LoadSteps<void> {
  const path = rdbPath(engine);
  const start = process.hrtime.bigint();
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    const msg = `Fatal error loading the DB: ${strerror(e)}. Exiting.`;
    engine.log('warning', msg);
    throw new LoadFailure(msg);
  }
  startLoading(engine, buf.length);
  const interval = sliceBytes(engine);
  const progress = loadingOf(engine);
  let result;
  try {
    const load = new RdbLoad(engine, buf, { flush: true, merge: false });
    while (!load.step(load.reading.pos + interval, sliceDeadline())) {
      progress.loadedBytes = load.reading.pos;
      yield;
    }
    progress.loadedBytes = buf.length;
    result = load.finish();
  } catch (e) {
    if (!(e instanceof RdbError)) throw e;
    if (e.shortRead) engine.log('warning', 'Short read or OOM loading DB. Unrecoverable error, aborting now.');
    const msg = `Internal error in RDB reading offset ${e.offset} of file ${path} -> ${e.message}`;
    engine.log('warning', msg);
    engine.log('warning', 'Terminating server after rdb file reading failure.');
    throw new LoadFailure(msg);
  } finally {
    stopLoading(engine);
  }
  logLoadResult(engine, result);
  const secs = Number(process.hrtime.bigint() - start) / 1e9;
  engine.log('notice', `DB loaded from disk: ${secs.toFixed(3)} seconds`);
}

function* aofStartupSteps(engine: Engine): LoadSteps<void> {
  const aof = aofOf(engine);
  let am = readManifestOrFail(engine);
  const start = process.hrtime.bigint();
  am = upgradeOldAofIfNeeded(engine, am);
  if (am !== null) {
    try {
      const status = yield* loadAofSteps(engine, aof.dirPath, am);
      if (status !== 'not-exist') {
        const secs = Number(process.hrtime.bigint() - start) / 1e9;
        engine.log('notice', `DB loaded from append only file: ${secs.toFixed(3)} seconds`);
      }
    } catch (e) {
      if (e instanceof AofLoadError) throw new LoadFailure(e.message);
      throw e;
    }
  }
  engine.dirty = 0;
  const err = aof.start(am, true);
  if (err !== null) throw new LoadFailure(err);
}

/**
 * Redis 7.0's upgrade from a single AOF: when `dir` holds a file named appendfilename and the
 * AOF directory is missing, has no manifest, or has a manifest naming only that file as its base
 * while the file is not there yet (an interrupted upgrade), the file becomes the base of a new
 * manifest and moves into the directory. Returns the manifest to load.
 */
function upgradeOldAofIfNeeded(engine: Engine, am: AofManifest | null): AofManifest | null {
  const aof = aofOf(engine);
  const name = engine.config.str('appendfilename');
  const dirName = engine.config.str('appenddirname');
  const root = engine.config.get<string>('dir') || process.cwd();
  const oldPath = join(root, name);
  if (!existsSync(oldPath)) return am;
  const dirExists = isDirectory(aof.dirPath);
  const empty = am === null || (am.base === null && am.incr.length === 0);
  const interrupted = am !== null && am.base !== null && am.incr.length === 0 && am.base.name === name && !existsSync(join(aof.dirPath, name));
  if (dirExists && !empty && !interrupted) return am;
  try {
    mkdirSync(aof.dirPath, { recursive: true });
  } catch (e) {
    const msg = `Can't open or create append-only dir ${dirName}: ${strerror(e)}`;
    engine.log('warning', msg);
    throw new LoadFailure(msg);
  }
  const next = am ?? emptyManifest();
  next.base = { name, seq: 1, type: 'b' };
  next.baseSeq = 1;
  aof.manifest = next;
  aof.persistManifest();
  try {
    renameSync(oldPath, join(aof.dirPath, name));
  } catch (e) {
    const msg = `Error trying to move the old AOF file ${name} into dir ${dirName}: ${strerror(e)}`;
    engine.log('warning', msg);
    throw new LoadFailure(msg);
  }
  engine.log('notice', `Successfully migrated an old-style AOF file (${name}) into the AOF directory (${dirName}).`);
  return next;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
