/**
 * Loading a multi-part AOF (Redis's loadAppendOnlyFiles / loadSingleAppendOnlyFile): the BASE
 * file (RDB when it starts with "REDIS", else commands) then each INCR file, every command run
 * by a client of its own that is not in the client list and gets no replies. Rules:
 * - An empty file is fine; a file listed in the manifest but missing is fatal.
 * - A file ending inside a command (or inside MULTI without EXEC) is truncated: with
 *   aof-load-truncated yes, and only if it is the last file, it is cut at the last complete
 *   command (before the MULTI) and loading succeeds; otherwise loading fails.
 * - A malformed command (bad header) or an unknown command is fatal; the message names the file
 *   and the byte offset.
 */
import { readFileSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import type { Client, ClientBuffers, ClientTransport } from '../../engine/client.js';
import type { Engine } from '../../engine/engine.js';
import { RdbError } from '../rdb/errors.js';
import { RdbLoad } from '../snapshot.js';
import { strerror } from '../../config/file.js';
import { debugDelay, loadingOf, runLoadNow, sliceBytes, sliceDeadline, startLoading, stopLoading, type LoadSteps } from '../loading.js';
import type { AofManifest } from './manifest.js';
import { nextAofCommand } from './parse.js';

/** Why an AOF could not be loaded (already logged in Redis's words). */
export class AofLoadError extends Error {}

export type LoadStatus = 'ok' | 'empty' | 'not-exist';

const NO_BUFFERS: ClientBuffers = { qbuf: 0, qbufFree: 0, rbs: 0, rbp: 0, totMem: 0 } as unknown as ClientBuffers;

/** The loading client's side: nowhere to send replies. */
class NullTransport implements ClientTransport {
  readonly addr = '';
  readonly laddr = '';
  readonly fd = -1;
  close(): void {}
  queryBufferBytes(): number {
    return 0;
  }
  outputBytes(): number {
    return 0;
  }
  flush(): void {}
  resume(): void {}
  buffers(): ClientBuffers {
    return NO_BUFFERS;
  }
}

/**
 * Loads every file of `am` from `dir` into the (empty) dataset, yielding between slices (see
 * persistence/loading.ts). Throws AofLoadError. `oldStyleName` is appendfilename: a file of that
 * name starting with an RDB image is an old-style preamble AOF (its log lines say so).
 */
export function* loadAofSteps(engine: Engine, dir: string, am: AofManifest): LoadSteps<LoadStatus> {
  const files = [...(am.base ? [am.base] : []), ...am.incr];
  if (files.length === 0) return 'not-exist';
  let total = 0;
  const sizes: number[] = [];
  for (const f of files) {
    try {
      const size = statSync(join(dir, f.name)).size;
      sizes.push(size);
      total += size;
    } catch (e) {
      const msg = `Unable to obtain the AOF file ${f.name} length. stat: ${strerror(e)}`;
      engine.log('warning', msg);
      throw new AofLoadError(msg);
    }
  }
  if (total === 0) return 'empty';
  startLoading(engine, total);
  const progress = loadingOf(engine);
  let before = 0;
  try {
    for (let i = 0; i < files.length; i++) {
      const f = files[i];
      const start = process.hrtime.bigint();
      const last = i === files.length - 1;
      const oldStyle = f.name === engine.config.str('appendfilename');
      // An empty file is skipped without reading it, as Redis's fstat check does.
      if (sizes[i] > 0) yield* loadOne(engine, dir, f.name, last, f.type === 'b', oldStyle, (pos) => (progress.loadedBytes = before + pos));
      before += sizes[i];
      progress.loadedBytes = before;
      const secs = Number(process.hrtime.bigint() - start) / 1e9;
      engine.log('notice', `DB loaded from ${f.type === 'b' ? 'base' : 'incr'} file ${f.name}: ${secs.toFixed(3)} seconds`);
    }
  } finally {
    stopLoading(engine);
  }
  return 'ok';
}

/** Loads every file of `am` at once (DEBUG LOADAOF). */
export function loadAof(engine: Engine, dir: string, am: AofManifest): LoadStatus {
  return runLoadNow(loadAofSteps(engine, dir, am));
}

/** Commands replayed between two checks of the slice's byte budget (Redis: 1024). */
const COMMANDS_PER_CHECK = 1024;

/** Loads one file; `last` allows cutting a truncated tail. */
function* loadOne(engine: Engine, dir: string, name: string, last: boolean, isBase: boolean, oldStyle: boolean, progress: (pos: number) => void): LoadSteps<void> {
  const path = join(dir, name);
  const buf = readFileSync(path);
  if (buf.length === 0) return;
  let pos = 0;
  const interval = sliceBytes(engine);
  if (buf.length >= 5 && buf.toString('latin1', 0, 5) === 'REDIS') {
    engine.log('notice', oldStyle ? 'Reading RDB preamble from AOF file...' : 'Reading RDB base file on AOF loading...');
    try {
      const rdb = new RdbLoad(engine, buf, { flush: false, merge: false });
      while (!rdb.step(rdb.reading.pos + interval, sliceDeadline())) {
        progress(rdb.reading.pos);
        yield;
      }
      pos = rdb.finish().size;
    } catch (e) {
      if (!(e instanceof RdbError)) throw e;
      const what = oldStyle ? `the RDB preamble of the AOF file ${name}` : `the RDB base file ${name}`;
      const msg = `Error reading ${what}, AOF loading aborted (offset ${e.offset}: ${e.message})`;
      engine.log('warning', msg);
      throw new AofLoadError(msg);
    }
    progress(pos);
    if (oldStyle) engine.log('notice', 'Reading the remaining AOF tail...');
  }
  const client = engine.createClient(new NullTransport());
  engine.clients.delete(client.id);
  client.authenticated = true;
  client.mustObey = true;
  engine.loadingClient = client;
  let validUpTo = pos;
  let validBeforeMulti = pos;
  let truncated = false;
  let loops = 0;
  let deadline = sliceDeadline();
  const delay = engine.config.num('key-load-delay');
  try {
    for (;;) {
      // Redis serves events every 1024 commands; Sonic also ends a slice after SLICE_MS.
      if ((++loops & 63) === 0 && (loops % COMMANDS_PER_CHECK === 0 || performance.now() >= deadline)) {
        progress(pos);
        yield;
        deadline = sliceDeadline();
      }
      const step = nextAofCommand(buf, pos);
      if (step.kind === 'eof') break;
      if (step.kind === 'truncated') {
        truncated = true;
        break;
      }
      if (step.kind === 'format') {
        const msg = `Bad file format reading the append only file ${name} at offset ${pos}: make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>`;
        engine.log('warning', msg);
        throw new AofLoadError(msg);
      }
      const argv = step.argv;
      const cmd = engine.table.lookup(argv);
      if (cmd === undefined) {
        const msg = `Unknown command '${argv[0]}' reading the append only file ${name} at offset ${pos}`;
        engine.log('warning', msg);
        throw new AofLoadError(msg);
      }
      if (cmd.fullname === 'multi') validBeforeMulti = validUpTo;
      engine.execute(client, argv);
      client.reply.take();
      if (delay !== 0) debugDelay(delay);
      pos = step.end;
      validUpTo = pos;
    }
    if (!truncated && client.multi !== null) {
      engine.log('warning', `Revert incomplete MULTI/EXEC transaction in AOF file ${name}`);
      validUpTo = validBeforeMulti;
      truncated = true;
    }
  } finally {
    engine.loadingClient = null;
    engine.removeClient(client);
  }
  progress(pos);
  if (!truncated) return;
  if (engine.config.bool('aof-load-truncated')) {
    engine.log('warning', `!!! Warning: short read while loading the AOF file ${name}!!!`);
    engine.log('warning', `!!! Truncating the AOF ${name} at offset ${validUpTo} !!!`);
    try {
      truncateSync(path, validUpTo);
    } catch (e) {
      engine.log('warning', `Error truncating the AOF file ${name}: ${(e as Error).message}`);
      throw new AofLoadError(`Error truncating the AOF file ${name}`);
    }
    if (!last) {
      engine.log('warning', 'Fatal error: the truncated file is not the last file');
      throw new AofLoadError(`Fatal error: the truncated file ${name} is not the last file`);
    }
    engine.log('warning', `AOF ${name} loaded anyway because aof-load-truncated is enabled`);
    return;
  }
  const msg =
    `Unexpected end of file reading the append only file ${name}. You can: ` +
    '1) Make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>. ' +
    "2) Alternatively you can set the 'aof-load-truncated' configuration option to yes and restart the server.";
  engine.log('warning', msg);
  throw new AofLoadError(msg);
}
