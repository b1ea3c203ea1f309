/**
 * Worker processes for multi-process tests (stampede across processes, locks with a stopped
 * holder, queue consumers killed at random): `forkWorkers` forks N copies of a module that calls
 * `serveWorker`, and talks to them over IPC, one request at a time per call, answers matched by id.
 */
import { fork, type ChildProcess } from 'node:child_process';

interface Request {
  readonly id: number;
  readonly payload: unknown;
}
interface Answer {
  readonly id: number;
  readonly ok: boolean;
  readonly value?: unknown;
  readonly error?: string;
}

/** One forked worker. */
export class Worker {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  /** Resolves with the exit code (or the signal's name) when the process ends. */
  readonly exited: Promise<number | string>;

  constructor(readonly child: ChildProcess, readonly index: number) {
    child.on('message', (m: Answer) => {
      const w = this.waiting.get(m.id);
      if (w === undefined) return;
      this.waiting.delete(m.id);
      if (m.ok) w.resolve(m.value);
      else w.reject(new Error(m.error));
    });
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        const err = new Error(`worker ${index} exited (${signal ?? code}) before answering`);
        for (const w of this.waiting.values()) w.reject(err);
        this.waiting.clear();
        resolve(signal ?? code ?? 0);
      });
    });
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** Sends `payload` to the worker's handler and resolves with what it returns. */
  request<T = unknown>(payload: unknown): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ id, payload } satisfies Request);
    });
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): boolean {
    return this.child.kill(signal);
  }
}

export interface ForkOptions {
  /** Extra environment for the workers (WORKER_INDEX is always set). */
  env?: Record<string, string>;
  /** Arguments passed to each worker. */
  args?: string[];
}

/** Forks `n` workers running `modulePath` (which must call serveWorker) and waits until each is up. */
export async function forkWorkers(n: number, modulePath: string, options: ForkOptions = {}): Promise<Worker[]> {
  const workers = Array.from({ length: n }, (_, i) => forkWorker(modulePath, i, options));
  await Promise.all(workers.map((w) => w.request({ kind: '__ping' })));
  return workers;
}

/** Forks one worker (to replace a killed one) without waiting for it. */
export function forkWorker(modulePath: string, index: number, options: ForkOptions = {}): Worker {
  const child = fork(modulePath, options.args ?? [], {
    env: { ...process.env, ...options.env, WORKER_INDEX: String(index) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Worker(child, index);
}

/** Kills every worker still running and waits for them to exit. */
export async function stopWorkers(workers: readonly Worker[]): Promise<void> {
  for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.kill('SIGKILL');
  await Promise.all(workers.map((w) => w.exited));
}

/**
 * The worker side (worker modules may live under test/: run outside forkWorkers they do nothing): answers each request with `handler(payload)`; a throw becomes the request's
 * rejection in the parent. Exits when the parent disconnects.
 */
export function serveWorker(handler: (payload: unknown) => unknown | Promise<unknown>): void {
  // Not forked by forkWorkers: the module was loaded some other way -- `node --test dist/test/`
  // runs every file under a test/ folder -- so there is nothing to serve.
  if (process.send === undefined || process.env.WORKER_INDEX === undefined) return;
  process.on('message', (m: Request) => {
    const p = m.payload as { kind?: string } | null;
    const run = p !== null && typeof p === 'object' && p.kind === '__ping' ? Promise.resolve('pong') : Promise.resolve().then(() => handler(m.payload));
    run.then(
      (value) => process.send!({ id: m.id, ok: true, value } satisfies Answer),
      (e: unknown) => process.send!({ id: m.id, ok: false, error: e instanceof Error ? e.message : String(e) } satisfies Answer),
    );
  });
  process.on('disconnect', () => process.exit(0));
}
