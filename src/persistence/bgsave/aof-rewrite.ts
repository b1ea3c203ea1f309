/**
 * BGREWRITEAOF without fork (Redis 7.0's rewriteAppendOnlyFileBackground and
 * backgroundRewriteDoneHandler): at the start a new INCR file is opened, so every later write
 * lands there; the new BASE (RDB preamble or commands) is written by a snapshot job in slices
 * from the dataset as it was at the start; when it is complete, fsynced and renamed, the
 * manifest is swapped and the files it replaces are deleted.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from '../../engine/engine.js';
import { encodeCommand } from '../../replication/feed.js';
import { aofOf } from '../aof/aof.js';
import { EncodedValue, type SavedKey } from '../rdb/file-write.js';
import { createDumpPayload, encodedDumpPayload } from '../rdb/payload.js';
import { encodingLimits } from '../snapshot.js';
import { activeChild as activeChildOf, claimSlot, newJob, rdbTarget, releaseSlot, scheduledRewriteHook, strerror, type Child } from './bgsave.js';
import { FileOutput } from './file-output.js';
import type { SnapshotTarget } from './snapshot-job.js';
import { saveStateOf, unixNow } from './state.js';

/**
 * An AOF-format base (aof-use-rdb-preamble no): FUNCTION LOAD of each library, then per database
 * a SELECT and each key as RESTORE of its DUMP payload (absolute expiry, ABSTTL).
 */
function commandsTarget(engine: Engine, sink: (chunk: Buffer) => void): SnapshotTarget {
  const limits = encodingLimits(engine);
  const compress = engine.config.bool('rdbcompression');
  let out = engine.functions
    .codes()
    .map((code) => encodeCommand(['FUNCTION', 'LOAD', code]))
    .join('');
  const spill = (force: boolean): void => {
    if (out.length > 65536 || (force && out.length > 0)) {
      sink(Buffer.from(out, 'latin1'));
      out = '';
    }
  };
  return {
    db: (id) => {
      out += encodeCommand(['SELECT', String(id)]);
    },
    key: (k: SavedKey) => {
      const v = k.value;
      const payload = (v instanceof EncodedValue ? encodedDumpPayload(v.type, v.body) : createDumpPayload(v, limits, compress)).toString('latin1');
      out += k.expireAt === -1 ? encodeCommand(['RESTORE', k.key, '0', payload]) : encodeCommand(['RESTORE', k.key, String(k.expireAt), payload, 'ABSTTL']);
      spill(false);
    },
    end: () => spill(true),
  };
}

/**
 * Starts a background AOF rewrite. Returns null when started, else the reason (logged), as
 * Redis's rewriteAppendOnlyFileBackground returning C_ERR. The caller checks the slot first.
 */
export function startRewrite(engine: Engine): string | null {
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
  if (!aof.on) {
    try {
      aof.manifest = aof.readManifest() ?? aof.manifest;
    } catch {
      // a bad manifest is replaced by the rewrite
    }
  }
  const incrErr = aof.openNewIncr();
  if (incrErr !== null) return fail(incrErr);
  const tmpName = `temp-rewriteaof-bg-${process.pid}.aof`;
  const tmp = join(dir, tmpName);
  let out: FileOutput;
  try {
    out = new FileOutput(tmp);
  } catch (e) {
    const msg = `Opening the temp file for AOF rewrite in rewriteAppendOnlyFile(): ${strerror(e as Error)}`;
    engine.log('warning', msg);
    return fail(msg);
  }
  const preamble = engine.config.bool('aof-use-rdb-preamble');
  const sink = (chunk: Buffer): void => out.write(chunk);
  const target = preamble ? rdbTarget(engine, sink, true) : commandsTarget(engine, sink);
  let child: Child;
  const finish = (ok: boolean, cowBytes: number): void => {
    st.lastAofRewriteOk = ok;
    aof.lastRewriteSecs = unixNow() - st.aofRewriteStart;
    st.aofRewriteStart = -1;
    st.lastAofCowSize = cowBytes;
    releaseSlot(engine, child, ok);
  };
  const job = newJob(engine, target, (err) => {
    if (err !== null) {
      engine.log('warning', `Write error writing append only file on disk: ${strerror(err)}`);
      engine.log('warning', 'Background AOF rewrite terminated with error');
      out.discard();
      return finish(false, job.cowBytes);
    }
    out.commit(tmp, (e) => {
      if (activeChildIs(engine, child) === false) return;
      if (e !== null) {
        engine.log('warning', `Write error writing append only file on disk: ${strerror(e)}`);
        engine.log('warning', 'Background AOF rewrite terminated with error');
        return finish(false, job.cowBytes);
      }
      engine.log('notice', 'Background AOF rewrite terminated with success');
      const installErr = aof.installBase(tmp, preamble);
      if (installErr !== null) {
        out.discard();
        return finish(false, job.cowBytes);
      }
      engine.log('notice', 'Background AOF rewrite finished successfully');
      finish(true, job.cowBytes);
    });
  });
  child = {
    kind: 'aof',
    job,
    keysTotal: engine.dbs.reduce((n, db) => n + db.data.size, 0),
    waiters: [],
    kill: () => {
      job.abort();
      out.discard();
      engine.log('warning', 'Background AOF rewrite terminated by signal 10');
      aof.lastRewriteSecs = unixNow() - st.aofRewriteStart;
      st.aofRewriteStart = -1;
      releaseSlot(engine, child, false);
    },
  };
  st.aofRewriteScheduled = false;
  st.aofRewriteStart = unixNow();
  engine.log('notice', `Background append only file rewriting started by pid ${process.pid}`);
  claimSlot(engine, child);
  return null;
}

function activeChildIs(engine: Engine, child: Child): boolean {
  return activeChildOf(engine) === child;
}

// A scheduled rewrite starts from the save cron once the slot is free.
scheduledRewriteHook.run = (engine) => {
  startRewrite(engine);
};
