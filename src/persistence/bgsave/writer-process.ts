/**
 * Where a background job's bytes go: a small child process (writer-child.ts) that writes the
 * temp file, fsyncs, closes and (for an RDB) renames it, then exits, like the child Redis forks.
 * The main process still serializes the snapshot in slices (copy-before-write needs the live
 * keyspace), and streams the bytes through a pipe. Why a child at all:
 * - tools and tests that manage Redis find and signal the child (`pgrep -P <server pid>`, then
 *   `kill -9` to make a save fail), and the job's pid, temp file names and log lines are the
 *   child's, as in Redis;
 * - write() and fsync() of a big file stay off the event loop.
 * Backpressure: past BACKLOG_LIMIT bytes buffered in the pipe the job pauses between keys until
 * the pipe drains. If the child cannot be spawned, an in-process writer (FileOutput) does the
 * same job with the server's own pid.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { constants, setPriority } from 'node:os';
import { unlinkSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FileOutput } from './file-output.js';

/** Bytes buffered towards the child beyond which the snapshot waits for 'drain'. */
export const BACKLOG_LIMIT = 4 * 1024 * 1024;

/** Redis's SERVER_CHILD_NOERROR_RETVAL: the child exited after SIGUSR1 (killed on purpose). */
const NOERROR_RETVAL = 255;
const SIGUSR1 = constants.signals.SIGUSR1;

/** How a writer ended, as Redis's checkChildrenDone sees its child. */
export interface WriterExit {
  /** Exit code (-1 when killed by a signal). */
  code: number;
  /** Signal number, 0 when it exited. SIGUSR1 also when it exited with NOERROR_RETVAL. */
  signal: number;
  /** The failing step when the writer reported one (open, write, fsync, fclose, rename). */
  step?: string;
  error?: Error;
}

export interface SnapshotWriter {
  /** The pid the job is known by (the child's; the server's for the in-process fallback). */
  readonly pid: number;
  /** The temp file being written. */
  readonly tmp: string;
  /** Queues a chunk (dropped once the writer is gone). */
  write(chunk: Buffer): void;
  /** True while the job should wait before producing more. */
  blocked(): boolean;
  /** Calls `resume` once writing may go on. */
  whenReady(resume: () => void): void;
  /** All bytes given: commit the file. The exit is reported to the `onExit` given at creation. */
  end(): void;
  /** Stops the writer at once and removes the temp file; `onExit` is not called. */
  kill(): void;
}

/**
 * Starts a writer for a temp file named by `template` ("{pid}" becomes the writer's pid);
 * `finalPath`, when given, is where the complete file is renamed to. `onExit` is called once
 * when the writer ends on its own: after end(), or early (killed from outside, a write error).
 * `inProcess` skips the child (the fallback, for tests).
 */
export function startWriter(template: string, finalPath: string | null, onExit: (e: WriterExit) => void, inProcess = false): SnapshotWriter {
  return (inProcess ? null : ChildWriter.spawn(template, finalPath, onExit)) ?? new InProcessWriter(template, finalPath, onExit);
}

const CHILD_SCRIPT = fileURLToPath(new URL('./writer-child.js', import.meta.url));

class ChildWriter implements SnapshotWriter {
  private killed = false;
  private report: { step: string; code: string; message: string } | null = null;

  private constructor(
    private readonly proc: ChildProcess,
    readonly pid: number,
    readonly tmp: string,
    onExit: (e: WriterExit) => void,
  ) {
    proc.on('message', (m) => {
      if (typeof m === 'object' && m !== null && 'step' in m) this.report = m as ChildWriter['report'];
    });
    // A writer that failed closes its end of the pipe: later writes get EPIPE, which is no news.
    proc.stdin!.on('error', () => undefined);
    proc.on('error', () => undefined);
    proc.on('close', (code, signal) => {
      if (this.killed) return this.removeTemp();
      let sig = signal === null ? 0 : (constants.signals[signal] ?? 0);
      if (code === NOERROR_RETVAL) sig = SIGUSR1;
      const r = this.report;
      const error = r === null ? undefined : Object.assign(new Error(r.message), { code: r.code || undefined });
      onExit({ code: sig !== 0 ? -1 : (code ?? -1), signal: sig, step: r?.step, error });
      // Whatever the parent did not take (an AOF base is renamed by onExit) is removed.
      this.removeTemp();
    });
  }

  static spawn(template: string, finalPath: string | null, onExit: (e: WriterExit) => void): ChildWriter | null {
    let proc: ChildProcess;
    try {
      const args = ['--max-old-space-size=32', CHILD_SCRIPT, template];
      if (finalPath !== null) args.push(finalPath);
      proc = spawn(process.execPath, args, { stdio: ['pipe', 'ignore', 'inherit', 'ipc'] });
    } catch {
      return null;
    }
    if (proc.pid === undefined) {
      proc.on('error', () => undefined);
      return null;
    }
    try {
      // The writer only moves bytes to disk: it must not take CPU from the server's clients.
      setPriority(proc.pid, 10);
    } catch {
      // not permitted here: it runs at the server's priority
    }
    return new ChildWriter(proc, proc.pid, template.split('{pid}').join(String(proc.pid)), onExit);
  }

  write(chunk: Buffer): void {
    if (this.killed || this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    this.proc.stdin!.write(chunk);
  }

  blocked(): boolean {
    return this.proc.stdin!.writableLength > BACKLOG_LIMIT && this.proc.exitCode === null && this.proc.signalCode === null;
  }

  whenReady(resume: () => void): void {
    const stdin = this.proc.stdin!;
    let done = false;
    const go = (): void => {
      if (done) return;
      done = true;
      stdin.off('drain', go);
      this.proc.off('close', go);
      if (!this.killed) resume();
    };
    stdin.on('drain', go);
    // A writer that died meanwhile never drains: its exit is reported by onExit.
    this.proc.on('close', go);
  }

  end(): void {
    this.proc.stdin!.end();
    if (this.proc.connected) this.proc.send('commit', () => undefined);
  }

  kill(): void {
    if (this.killed) return;
    this.killed = true;
    this.proc.kill('SIGKILL');
    this.removeTemp();
  }

  private removeTemp(): void {
    try {
      unlinkSync(this.tmp);
    } catch {
      // nothing to remove
    }
  }
}

/** The fallback when no child can be spawned: the same job, written by the server itself. */
class InProcessWriter implements SnapshotWriter {
  readonly pid = process.pid;
  readonly tmp: string;
  private out: FileOutput | null = null;
  private failure: { step: string; error: Error } | null = null;
  private exited = false;

  constructor(
    template: string,
    private readonly finalPath: string | null,
    private readonly onExit: (e: WriterExit) => void,
  ) {
    this.tmp = template.split('{pid}').join(String(process.pid));
    try {
      this.out = new FileOutput(this.tmp);
    } catch (e) {
      // Like a child that could not open its file: the job fails a moment later.
      this.failure = { step: 'open', error: e as Error };
      setImmediate(() => this.exit());
    }
  }

  write(chunk: Buffer): void {
    if (this.out === null || this.failure !== null) return;
    try {
      this.out.write(chunk);
    } catch (e) {
      this.failure = { step: 'write', error: e as Error };
      this.out.discard();
    }
  }

  blocked(): boolean {
    return false;
  }

  whenReady(resume: () => void): void {
    setImmediate(resume);
  }

  end(): void {
    if (this.out === null || this.failure !== null) return setImmediate(() => this.exit()) && undefined;
    this.out.commit(this.finalPath, (e, step) => {
      if (e !== null) this.failure = { step, error: e };
      this.exit();
    });
  }

  kill(): void {
    this.exited = true;
    this.out?.discard();
  }

  private exit(): void {
    if (this.exited) return;
    this.exited = true;
    const f = this.failure;
    this.onExit(f === null ? { code: 0, signal: 0 } : { code: 1, signal: 0, step: f.step, error: f.error });
  }
}
