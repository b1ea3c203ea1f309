/**
 * The append-only file, laid out as Redis 7.0 does (multi-part AOF in `appenddirname`: a
 * manifest, one BASE file and INCR files; see manifest.ts).
 *
 * - Writing: the AOF is a propagation sink (engine/propagation/): every propagated command is
 *   appended to a buffer in RESP, preceded by SELECT when the database changes (and by a
 *   `#TS:<unix seconds>` annotation when aof-timestamp-enabled and the second changed). The
 *   buffer reaches the kernel (write) before any reply goes out: the connection calls
 *   `engine.beforeReplies` first, as Redis's beforeSleep writes the AOF before handling
 *   client writes. So a process crash never loses an acknowledged write, whatever appendfsync.
 *   `always` also fsyncs there; `everysec` fsyncs asynchronously (libuv thread pool) once a
 *   second; `no` leaves it to the kernel.
 * - Enabling at start-up without an AOF writes a BASE synchronously (rewrite()), as Redis 7.0.
 *   CONFIG SET appendonly yes (state 'wait') and BGREWRITEAOF rewrite in the background
 *   (persistence/bgsave/aof-rewrite.ts): a fresh INCR file (the temp INCR file while waiting)
 *   takes the writes, and when the new BASE is in place the manifest is swapped; the old files
 *   become history and are deleted (unless aof-disable-auto-gc).
 * - Loading (start-up, DEBUG LOADAOF): base then incr files in manifest order, with Redis's
 *   truncated-tail and format-error rules (load.ts).
 */
import { closeSync, existsSync, fsync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Engine } from '../../engine/engine.js';
import type { PropagationSink } from '../../engine/propagation/api.js';
import { PropTarget } from '../../engine/propagation/propagator.js';
import { encodeCommand } from '../../replication/feed.js';
import { CommandBuffer } from './command-buffer.js';
import { writeSnapshot } from '../snapshot.js';
import { writeCommandsBase } from './base-commands.js';
import { strerror } from '../../config/file.js';
import { startAofRewrite } from './rewrite-start.js';
import { refreshDiskError } from '../bgsave/state.js';
import { baseName, emptyManifest, formatManifest, incrName, manifestName, parseManifest, type AofFileInfo, type AofManifest } from './manifest.js';

const FSYNC_ALWAYS = 'always';
const FSYNC_EVERYSEC = 'everysec';

export class Aof implements PropagationSink {
  /** A script's redis.set_repl(redis.REPL_AOF / REPL_REPLICA) includes or leaves out the AOF. */
  readonly target = PropTarget.Aof;
  /**
   * Redis's aof_state: 'on' (files open, sink attached); 'wait' (enabled at runtime, waiting
   * for the first rewrite: writes made while it runs go to a temp INCR file, which becomes the
   * first INCR file when the rewrite succeeds); 'off'.
   */
  state: 'off' | 'wait' | 'on' = 'off';
  /** A background rewrite runs (set by persistence/bgsave/aof-rewrite.ts). */
  rewriting = false;
  manifest: AofManifest = emptyManifest();
  private fd = -1;
  /** Commands not yet written to the file, already encoded. */
  private readonly pending = new CommandBuffer();
  /** flush(), bound once (setImmediate and engine.beforeReplies call it). */
  private readonly flushSoon = (): void => this.flush();
  private selectedDb = -1;
  private lastTs = 0;
  /** Settings read on the hot path, cached for the configuration's version (see settings()). */
  private timestamps = false;
  private policy = FSYNC_EVERYSEC;
  private configVersion = -1;
  private fsyncTimer: ReturnType<typeof setInterval> | undefined;
  private fsyncInFlight = false;
  private unsynced = false;
  private flushScheduled = false;
  /** Sizes for INFO and auto-rewrite. */
  currentSize = 0;
  baseSize = 0;
  rewrites = 0;
  lastRewriteSecs = -1;
  lastWriteOk = true;
  /** strerror of the last failed write, and of the last failed everysec fsync (null: none). */
  private lastWriteError = '';
  private fsyncError: string | null = null;
  private lastWriteErrorLog = 0;
  private lastFsync = 0;
  /** Bytes in the INCR file being appended to (a partial write is cut back to it). */
  private incrSize = 0;

  constructor(private readonly engine: Engine) {
    engine.onClose(() => this.stop());
  }

  get dirPath(): string {
    return join(this.engine.config.get<string>('dir') || process.cwd(), this.engine.config.str('appenddirname'));
  }

  private get fileBase(): string {
    return this.engine.config.str('appendfilename');
  }

  /** appendfsync and aof-timestamp-enabled, re-read only when the configuration changed. */
  private settings(): void {
    const config = this.engine.config;
    if (config.version === this.configVersion) return;
    this.configVersion = config.version;
    this.policy = config.format(config.def('appendfsync')!);
    this.timestamps = config.bool('aof-timestamp-enabled');
  }

  private fsyncPolicy(): string {
    this.settings();
    return this.policy;
  }

  /** Reads the manifest from disk (null when there is none). Throws ManifestError. */
  readManifest(): AofManifest | null {
    const path = join(this.dirPath, manifestName(this.fileBase));
    let text: string;
    try {
      text = readText(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
    return parseManifest(text);
  }

  // ---- sink -----------------------------------------------------------------------------------

  /** Whether the AOF is fully on. */
  get on(): boolean {
    return this.state === 'on';
  }

  propagate(dbid: number, argv: readonly string[]): void {
    // Waiting for the first rewrite, only what happens while one runs is kept (in the temp INCR).
    if (this.state === 'wait' && !this.rewriting) return;
    this.settings();
    const pending = this.pending;
    if (this.timestamps) {
      const ts = Math.floor(Date.now() / 1000);
      if (ts !== this.lastTs) {
        pending.appendText(`#TS:${ts}\r\n`);
        this.lastTs = ts;
      }
    }
    if (dbid !== this.selectedDb) {
      pending.appendCommand(['SELECT', String(dbid)]);
      this.selectedDb = dbid;
    }
    pending.appendCommand(argv);
    if (!this.flushScheduled) {
      // Writes with no reply to wait for (active expiry) still reach the file soon.
      this.flushScheduled = true;
      setImmediate(this.flushSoon);
    }
  }

  /**
   * Writes the buffer to the file (and fsyncs under appendfsync always). On a write error
   * (ENOSPC, EIO ...) the unwritten commands stay buffered and write commands are refused with
   * -MISCONF until a retry from the cron succeeds (Redis's flushAppendOnlyFile); a partial write
   * is cut off the file first when possible, so the retry does not duplicate it. Under
   * appendfsync always the server exits instead, as Redis does.
   */
  flush(): void {
    this.flushScheduled = false;
    const pending = this.pending;
    const size = pending.length;
    if (size === 0 || this.fd < 0) return;
    const data = pending.bytes();
    let off = 0;
    try {
      while (off < size) off += writeSync(this.fd, data, off, size - off);
    } catch (e) {
      this.writeFailed(e, off);
      return;
    }
    pending.clear();
    this.currentSize += size;
    this.incrSize += size;
    if (this.fsyncPolicy() === FSYNC_ALWAYS) {
      try {
        fsyncSync(this.fd);
      } catch (e) {
        this.engine.log('warning', `Can't persist AOF for fsync error when the AOF fsync policy is 'always': ${strerror(e)}. Exiting...`);
        process.exit(1);
      }
    } else {
      this.unsynced = true;
    }
    if (!this.lastWriteOk) {
      this.engine.log('warning', 'AOF write error looks solved, Redis can write again.');
      this.lastWriteOk = true;
      this.updateDiskError();
    }
  }

  private writeFailed(e: unknown, written: number): void {
    const engine = this.engine;
    const now = Date.now();
    // Redis logs a failing write at most every 30 seconds.
    if (now - this.lastWriteErrorLog > 30000) {
      this.lastWriteErrorLog = now;
      if (written > 0) engine.log('warning', `Short write while writing to the AOF file: (nwritten=${written}, expected=${this.pending.length})`);
      else engine.log('warning', `Error writing to the AOF file: ${strerror(e)}`);
    }
    if (this.fsyncPolicy() === FSYNC_ALWAYS) {
      engine.log('warning', "Can't recover from AOF write error when the AOF fsync policy is 'always'. Exiting...");
      process.exit(1);
    }
    if (written > 0) {
      try {
        ftruncateSync(this.fd, this.incrSize);
      } catch {
        // The partial write stays in the file: only the rest is retried.
        this.pending.consume(written);
        this.currentSize += written;
        this.incrSize += written;
      }
    }
    this.lastWriteOk = false;
    this.lastWriteError = strerror(e);
    this.updateDiskError();
  }

  /** INFO aof_last_write_status: err while a write or an everysec fsync is failing. */
  get writeStatus(): 'ok' | 'err' {
    return this.lastWriteOk && this.fsyncError === null ? 'ok' : 'err';
  }

  /** What the dispatcher refuses write commands with, while the AOF cannot be written. */
  private updateDiskError(): void {
    const failing = this.state !== 'off' && (!this.lastWriteOk || this.fsyncError !== null);
    const reason = !this.lastWriteOk ? this.lastWriteError : this.fsyncError;
    this.engine.aofWriteError = failing ? `MISCONF Errors writing to the AOF file: ${reason}` : null;
    refreshDiskError(this.engine);
  }

  /**
   * The AOF's share of the server cron (every 100 ms, as hz 10): the everysec fsync, the retry
   * of a failed write, and the automatic rewrite on auto-aof-rewrite-percentage growth.
   */
  private cron(): void {
    if (this.state === 'off') return;
    if (!this.lastWriteOk) this.flush();
    const now = Date.now();
    if (now - this.lastFsync >= 1000) {
      this.lastFsync = now;
      this.everysec();
    }
    const c = this.engine.config;
    const perc = c.num('auto-aof-rewrite-percentage');
    if (this.state === 'on' && perc > 0 && this.currentSize > c.num('auto-aof-rewrite-min-size')) {
      const base = this.baseSize || 1;
      const growth = Math.floor((this.currentSize * 100) / base) - 100;
      if (growth >= perc) startAofRewrite(this.engine, growth);
    }
  }

  private everysec(): void {
    if (this.fsyncInFlight || !this.unsynced || this.fd < 0 || this.fsyncPolicy() !== FSYNC_EVERYSEC) return;
    this.unsynced = false;
    this.fsyncInFlight = true;
    fsync(this.fd, (err) => {
      this.fsyncInFlight = false;
      if (err !== null) {
        this.engine.log('warning', `Error fsync'ing the AOF file: ${strerror(err)}`);
        this.unsynced = true;
        this.fsyncError = strerror(err);
      } else {
        this.fsyncError = null;
      }
      this.updateDiskError();
    });
  }

  // ---- on / off -------------------------------------------------------------------------------

  /**
   * Turns the AOF on. With `existing` (start-up after loading it) the last INCR file is opened
   * for appending; otherwise a new BASE is written from the dataset first (Redis's
   * startAppendOnly + rewrite, counted in aof_rewrites; at start-up, aofOpenIfNeededOnServerStart's
   * base, not counted). Returns an error text or null.
   */
  start(existing: AofManifest | null, atStartup = false): string | null {
    try {
      mkdirSync(this.dirPath, { recursive: true });
    } catch (e) {
      const msg = `Can't open or create append-only dir ${this.engine.config.str('appenddirname')}: ${strerror(e)}`;
      this.engine.log('warning', msg);
      return msg;
    }
    if (existing !== null && (existing.base !== null || existing.incr.length !== 0)) {
      this.manifest = existing;
      this.deleteHistory();
      const created = existing.incr.length === 0;
      if (created) {
        const seq = existing.incrSeq + 1;
        existing.incr.push({ name: incrName(this.fileBase, seq), seq, type: 'i' });
        existing.incrSeq = seq;
        this.persistManifest();
        this.engine.log('notice', `Creating AOF incr file ${incrName(this.fileBase, seq)} on server start`);
      }
      const last = existing.incr[existing.incr.length - 1];
      if (!created) this.engine.log('notice', `Opening AOF incr file ${last.name} on server start`);
      this.fd = openSync(join(this.dirPath, last.name), 'a');
      this.incrSize = fileSize(join(this.dirPath, last.name));
      this.currentSize = this.totalSize();
      this.baseSize = existing.base === null ? 0 : fileSize(join(this.dirPath, existing.base.name));
    } else {
      const err = this.rewrite(true);
      if (err !== null) return err;
      if (atStartup) {
        this.engine.log('notice', `Creating AOF base file ${this.manifest.base!.name} on server start`);
        this.engine.log('notice', `Creating AOF incr file ${this.manifest.incr[0].name} on server start`);
      }
    }
    this.state = 'on';
    this.attach();
    return null;
  }

  /**
   * Redis's startAppendOnly at runtime: the AOF waits for its first rewrite (started by the
   * caller, or scheduled). Writes are accepted from now on, as in Redis.
   */
  startWaiting(): void {
    try {
      this.manifest = this.readManifest() ?? this.manifest;
    } catch {
      // Unreadable (a file in the way, a bad manifest): the rewrite fails or replaces it.
    }
    this.state = 'wait';
    this.attach();
  }

  /** Attaches the sink and the cron, with a clean write status. */
  private attach(): void {
    this.selectedDb = -1;
    this.engine.propagation.addSink(this);
    this.engine.beforeReplies = this.flushSoon;
    this.lastWriteOk = true;
    this.fsyncError = null;
    this.fsyncTimer ??= setInterval(() => this.cron(), 100);
    this.fsyncTimer.unref();
  }

  /** Turns the AOF off: flush, fsync, close (Redis's stopAppendOnly). */
  stop(): void {
    if (this.state === 'off') return;
    this.flush();
    this.engine.propagation.removeSink(this);
    if (this.engine.beforeReplies !== null) this.engine.beforeReplies = null;
    if (this.fsyncTimer !== undefined) clearInterval(this.fsyncTimer);
    this.fsyncTimer = undefined;
    if (this.fd >= 0) {
      try {
        fsyncSync(this.fd);
        closeSync(this.fd);
      } catch {
        // best effort
      }
    }
    this.fd = -1;
    this.state = 'off';
    this.pending.clear();
    this.updateDiskError();
  }

  // ---- rewrite --------------------------------------------------------------------------------

  /**
   * Writes a new BASE file from the dataset and a fresh INCR file, then swaps the manifest (the
   * previous files become history and are removed). Synchronous. Returns an error text or null.
   */
  rewrite(keepOpen: boolean): string | null {
    const engine = this.engine;
    const start = Date.now();
    this.flush();
    const dir = this.dirPath;
    try {
      mkdirSync(dir, { recursive: true });
    } catch (e) {
      const msg = `Can't open or create append-only dir ${engine.config.str('appenddirname')}: ${strerror(e)}`;
      engine.log('warning', msg);
      return msg;
    }
    if (!this.on) {
      try {
        this.manifest = this.readManifest() ?? this.manifest;
      } catch {
        // a bad manifest is replaced by the rewrite
      }
    }
    const am = this.manifest;
    const preamble = engine.config.bool('aof-use-rdb-preamble');
    const baseSeq = am.baseSeq + 1;
    const incrSeq = am.incrSeq + 1;
    const base = baseName(this.fileBase, baseSeq, preamble);
    const tmp = join(dir, `temp-rewriteaof-${process.pid}.aof`);
    let fd = -1;
    try {
      fd = openSync(tmp, 'w');
      const out = fd;
      const sink = (chunk: Buffer) => {
        let off = 0;
        while (off < chunk.length) off += writeSync(out, chunk, off, chunk.length - off);
      };
      if (preamble) writeSnapshot(engine, sink, { aofBase: true });
      else writeCommandsBase(engine, sink);
      fsyncSync(fd);
      closeSync(fd);
      fd = -1;
      renameSync(tmp, join(dir, base));
      const incr = incrName(this.fileBase, incrSeq);
      const newFd = openSync(join(dir, incr), 'a');
      // The new manifest: old base and incr files become history.
      const next: AofManifest = {
        base: { name: base, seq: baseSeq, type: 'b' },
        incr: [{ name: incr, seq: incrSeq, type: 'i' }],
        history: historyAfterRewrite(am, am.incr),
        baseSeq,
        incrSeq,
      };
      this.manifest = next;
      this.persistManifest();
      if (this.fd >= 0) closeSync(this.fd);
      this.fd = newFd;
      if (!keepOpen) {
        closeSync(newFd);
        this.fd = -1;
      }
      this.selectedDb = -1;
      this.baseSize = fileSize(join(dir, base));
      this.currentSize = this.baseSize;
      this.incrSize = 0;
      // The new base holds everything a failed write left buffered.
      this.pending.clear();
      this.lastWriteOk = true;
      this.updateDiskError();
      this.deleteHistory();
    } catch (e) {
      if (fd >= 0) closeSync(fd);
      try {
        unlinkSync(tmp);
      } catch {
        // nothing to remove
      }
      const msg = `Write error writing append only file on disk: ${strerror(e)}`;
      engine.log('warning', msg);
      return msg;
    }
    this.lastRewriteSecs = Math.floor((Date.now() - start) / 1000);
    return null;
  }

  // ---- background rewrite (persistence/bgsave/aof-rewrite.ts) ---------------------------------

  /**
   * Redis's openNewIncrAofForAppend, at the start of a background rewrite: what is buffered goes
   * to the current file, then a new INCR file is opened and every later write goes there. While
   * on, the new file is listed in the manifest at once; while waiting for the first rewrite it
   * is the temp INCR file, listed only when the rewrite succeeds. Returns an error text or null.
   */
  openNewIncr(): string | null {
    this.selectedDb = -1;
    this.flush();
    if (this.state === 'off') return null;
    const waiting = this.state === 'wait';
    const seq = this.manifest.incrSeq + 1;
    const name = waiting ? this.tempIncrName : incrName(this.fileBase, seq);
    let fd: number;
    try {
      fd = openSync(join(this.dirPath, name), 'w');
    } catch (e) {
      const msg = `Can't open the append-only file ${name}: ${strerror(e)}`;
      this.engine.log('warning', msg);
      return msg;
    }
    if (!waiting) {
      const prev = this.manifest;
      this.manifest = { ...prev, incr: [...prev.incr, { name, seq, type: 'i' }], incrSeq: seq };
      try {
        this.persistManifest();
      } catch (e) {
        this.manifest = prev;
        closeSync(fd);
        return `Can't persist the AOF manifest: ${(e as Error).message}`;
      }
    }
    this.engine.log('notice', `Creating AOF incr file ${name} on background rewrite`);
    const old = this.fd;
    this.fd = fd;
    this.incrSize = 0;
    // The old INCR file is complete: make it durable off the event loop, then close it.
    if (old >= 0) fsync(old, () => closeSync(old));
    return null;
  }

  /** Redis's temp INCR file name (getTempIncrAofName), used while waiting for the first rewrite. */
  private get tempIncrName(): string {
    return `temp-${this.fileBase}.incr`;
  }

  /**
   * Redis's backgroundRewriteDoneHandler on success: the rewritten BASE at `tmp` becomes the new
   * base; the previous base and the INCR files it covers (all but the current one while on)
   * become history, then are deleted. While waiting for the first rewrite, the temp INCR file
   * becomes the only INCR file and the AOF is on from now. Returns an error text or null (the
   * caller then cleans up as after a failed rewrite).
   */
  installBase(tmp: string, rdbPreamble: boolean): string | null {
    const am = this.manifest;
    const dir = this.dirPath;
    const baseSeq = am.baseSeq + 1;
    const base = baseName(this.fileBase, baseSeq, rdbPreamble);
    const renameFailed = (what: string, from: string, to: string, e: unknown): string => {
      const msg = `Error trying to rename the temporary AOF ${what} file ${from} into ${to}: ${strerror(e)}`;
      this.engine.log('warning', msg);
      return msg;
    };
    try {
      renameSync(tmp, join(dir, base));
    } catch (e) {
      return renameFailed('base', basename(tmp), join(dir, base), e);
    }
    this.engine.log('notice', `Successfully renamed the temporary AOF base file ${basename(tmp)} into ${base}`);
    const waiting = this.state === 'wait';
    let kept = this.state === 'on' && am.incr.length > 0 ? [am.incr[am.incr.length - 1]] : [];
    const covered = this.state === 'on' ? am.incr.slice(0, -1) : am.incr;
    let incrSeq = am.incrSeq;
    if (waiting) {
      incrSeq++;
      const incr = incrName(this.fileBase, incrSeq);
      try {
        renameSync(join(dir, this.tempIncrName), join(dir, incr));
      } catch (e) {
        unlinkQuiet(join(dir, base));
        return renameFailed('incr', join(dir, this.tempIncrName), join(dir, incr), e);
      }
      this.engine.log('notice', `Successfully renamed the temporary AOF incr file ${this.tempIncrName} into ${incr}`);
      kept = [{ name: incr, seq: incrSeq, type: 'i' }];
    }
    this.manifest = {
      base: { name: base, seq: baseSeq, type: 'b' },
      incr: kept,
      history: historyAfterRewrite(am, covered),
      baseSeq,
      incrSeq,
    };
    try {
      this.persistManifest();
    } catch (e) {
      this.manifest = am;
      unlinkQuiet(join(dir, base));
      if (waiting) unlinkQuiet(join(dir, kept[0].name));
      return `Can't persist the AOF manifest: ${(e as Error).message}`;
    }
    this.baseSize = fileSize(join(dir, base));
    if (this.state !== 'off') this.currentSize = this.totalSize();
    this.deleteHistory();
    if (waiting) this.state = 'on';
    return null;
  }

  /**
   * After a failed rewrite while waiting for the first one: what was kept for it is dropped
   * (buffer and temp INCR file), and the caller schedules another try.
   */
  dropTempIncr(): void {
    this.pending.clear();
    if (this.fd >= 0) {
      const fd = this.fd;
      this.fd = -1;
      closeQuiet(fd);
    }
    this.engine.log('notice', `Removing the temp incr aof file ${this.tempIncrName} in the background`);
    unlinkQuiet(join(this.dirPath, this.tempIncrName));
  }

  /** Removes the history files from disk and the manifest (Redis's aofDelHistoryFiles). */
  deleteHistory(): void {
    if (this.engine.config.bool('aof-disable-auto-gc') || this.manifest.history.length === 0) return;
    for (const h of this.manifest.history) {
      this.engine.log('notice', `Removing the history file ${h.name} in the background`);
      try {
        unlinkSync(join(this.dirPath, h.name));
      } catch {
        // already gone
      }
    }
    this.manifest.history = [];
    this.persistManifest();
  }

  /** Writes the manifest to a temp file, fsyncs it and renames it into place. */
  persistManifest(): void {
    const dir = this.dirPath;
    const name = manifestName(this.fileBase);
    const tmp = join(dir, 'temp-' + name);
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, Buffer.from(formatManifest(this.manifest), 'latin1'));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, join(dir, name));
    try {
      const dfd = openSync(dir, 'r');
      fsyncSync(dfd);
      closeSync(dfd);
    } catch {
      // some filesystems refuse fsync on directories
    }
  }

  /** Bytes of the base and incr files. */
  totalSize(): number {
    const am = this.manifest;
    let n = am.base === null ? 0 : fileSize(join(this.dirPath, am.base.name));
    for (const f of am.incr) n += fileSize(join(this.dirPath, f.name));
    return n;
  }

  /** Unknown files a test may want to see: every name in the AOF directory. */
  listDir(): string[] {
    return existsSync(this.dirPath) ? readdirSync(this.dirPath) : [];
  }
}

/**
 * The history list after a rewrite replaced `am`'s base and the INCR files `covered`: Redis
 * puts each file it retires at the head of the list (the base first, then the INCR files from
 * the newest), so the newest history comes first.
 */
function historyAfterRewrite(am: AofManifest, covered: readonly AofFileInfo[]): AofFileInfo[] {
  const retired = am.base === null ? [] : [{ ...am.base, type: 'h' as const }];
  return [...covered.map((f) => ({ ...f, type: 'h' as const })), ...retired, ...am.history];
}

function unlinkQuiet(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // nothing to remove
  }
}

function closeQuiet(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

function readText(path: string): string {
  return readFileSync(path, 'latin1');
}

const aofs = new WeakMap<Engine, Aof>();

/** The AOF state of `engine`, created on first use. */
export function aofOf(engine: Engine): Aof {
  let a = aofs.get(engine);
  if (a === undefined) aofs.set(engine, (a = new Aof(engine)));
  return a;
}
