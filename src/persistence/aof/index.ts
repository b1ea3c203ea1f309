/**
 * The AOF's place in the server's life besides start-up (persistence/startup.ts): CONFIG SET
 * appendonly yes/no at runtime and DEBUG LOADAOF.
 */
import type { Engine } from '../../engine/engine.js';
import { LoadFailure } from '../snapshot.js';
import { aofOf } from './aof.js';
import { snapshotInProgress } from '../bgsave/bgsave.js';
import { killRewrite, startRewrite } from '../bgsave/aof-rewrite.js';
import { saveStateOf } from '../bgsave/state.js';
import { ManifestError, type AofManifest } from './manifest.js';
import { AofLoadError, loadAof } from './load.js';

export { aofOf } from './aof.js';

/** Reads the manifest, logging Redis's fatal manifest error; throws LoadFailure then. */
export function readManifestOrFail(engine: Engine): AofManifest | null {
  try {
    return aofOf(engine).readManifest();
  } catch (e) {
    if (!(e instanceof ManifestError)) throw e;
    engine.log('warning', '\n*** FATAL AOF MANIFEST FILE ERROR ***\n');
    if (e.line > 0) {
      engine.log('warning', `Reading the manifest file, at line ${e.line}\n`);
      engine.log('warning', `>>> '${e.text}'\n`);
    }
    engine.log('warning', `${e.message}\n`);
    throw new LoadFailure(e.message);
  }
}

/**
 * CONFIG SET appendonly (Redis's startAppendOnly / stopAppendOnly). On: the AOF waits for a
 * first background rewrite, started now, or scheduled when another job runs; its reply comes
 * while the rewrite runs. Off: flush, close, and a running rewrite is stopped.
 */
export function installAofConfig(engine: Engine): void {
  engine.config.setApplier(['appendonly'], () => {
    const aof = aofOf(engine);
    const want = engine.config.bool('appendonly');
    if (want && aof.state === 'off') {
      aof.startWaiting();
      const running = snapshotInProgress(engine);
      if (running === 'rdb') {
        saveStateOf(engine).aofRewriteScheduled = true;
        engine.log('warning', 'AOF was enabled but there is already another background operation. An AOF background was scheduled to start when possible.');
        return null;
      }
      if (running === 'aof') {
        engine.log('warning', 'AOF was enabled but there is already an AOF rewriting in background. Stopping background AOF and starting a rewrite now.');
        killRewrite(engine);
      }
      if (startRewrite(engine) === null) return null;
      aof.stop();
      engine.log('warning', "Redis needs to enable the AOF but can't trigger a background AOF rewrite operation. Check the above logs for more info about the error.");
      return 'Unable to turn on AOF. Check server logs.';
    }
    if (!want && aof.state !== 'off') {
      aof.stop();
      saveStateOf(engine).aofRewriteScheduled = false;
      killRewrite(engine);
    }
    return null;
  });
  // Turning automatic deletion back on deletes the history kept meanwhile (updateAofAutoGCEnabled).
  engine.config.setApplier(['aof-disable-auto-gc'], () => {
    if (!engine.config.bool('aof-disable-auto-gc')) aofOf(engine).deleteHistory();
    return null;
  });
}

/**
 * DEBUG LOADAOF: writes out the AOF buffer, empties the dataset and loads it back from the AOF
 * files. Returns false when loading failed (Redis exits then).
 */
export function debugLoadAof(engine: Engine): boolean {
  const aof = aofOf(engine);
  if (aof.on) aof.flush();
  const am = readManifestOrFail(engine);
  const wasOn = aof.state !== 'off';
  // Nothing the load runs may be appended to the files it reads.
  if (wasOn) engine.propagation.removeSink(aof);
  for (const db of engine.dbs) db.clear();
  try {
    // Redis exits unless the files loaded or were all empty.
    if (am === null || loadAof(engine, aof.dirPath, am) === 'not-exist') return false;
  } catch (e) {
    if (e instanceof AofLoadError) return false;
    throw e;
  } finally {
    if (wasOn) engine.propagation.addSink(aof);
  }
  engine.dirty = 0;
  engine.log('warning', 'Append Only File loaded by DEBUG LOADAOF');
  return true;
}
