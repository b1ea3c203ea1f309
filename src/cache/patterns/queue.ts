/**
 * Reliable queues on a stream with a consumer group (docs/cache/DESIGN.md, 4.7; docs/cache/queue.md).
 *
 * Guarantees: a pushed job is processed at least once, whatever happens to the processes working
 * on it -- a job is deleted only after its handler succeeded (XACK + XDEL); a job whose worker
 * died or stalled is taken over by another worker's reaper once it has been pending longer than the
 * visibility timeout; a job delivered `maxAttempts` times without success moves to the dead-letter
 * stream. A dedupe id pushed again within the dedupe window is not enqueued again.
 */
import type { PipelineEntry, ScriptCall } from '../client/adapter.js';
import { optMs, type Duration } from '../options.js';
import { ToolkitOptionError } from '../errors.js';
import type { ToolkitContext } from '../toolkit.js';
import { QUEUE_PUSH } from '../scripts/queue.lua.js';
import { StreamConsumer, uniqueConsumerName, type StreamEntry } from './stream-consumer.js';

export interface QueueOptions {
  /** Consumer group name. Default 'workers'. */
  group?: string;
  /** How long a dedupe id is remembered. Default '1h'. */
  dedupeWindow?: Duration;
}

export interface PushOptions {
  /** Pushing the same id again within the dedupe window enqueues nothing (push returns null). */
  dedupeId?: string;
}

/** One job for pushMany. */
export type PushItem = { readonly payload: string } & PushOptions;

/** Jobs per push script run in pushMany (bounds how long one run holds the server). */
const PUSH_CHUNK = 500;

/** A job as a handler sees it. */
export interface Job {
  /** The stream entry id (unique per push). */
  readonly id: string;
  readonly payload: string;
  /** 1 on the first delivery, then 2, 3 ... when it is retried or taken over. */
  readonly attempt: number;
}

export interface ProcessOptions {
  /** Handlers running at once in this process. Default 1. */
  concurrency?: number;
  /**
   * A job still unacknowledged this long after its delivery is given to another worker (its
   * worker is presumed dead). Handlers should finish well within it. Default '30s'.
   */
  visibilityTimeout?: Duration;
  /** Deliveries before a job goes to the dead-letter stream; 0 = retry forever. Default 5. */
  maxAttempts?: number;
  /** Consumer name; default unique per processor (host:pid:random). */
  consumer?: string;
  /** Longest single blocking read. Default '2s'. */
  block?: Duration;
  /** Called with errors the processor survives (handler errors, lost connections). */
  onError?: (e: unknown, job?: Job) => void;
}

/** Counters of one processor. */
export interface ProcessorStats {
  processed: number;
  failed: number;
  /** Jobs this processor took over from dead or stalled workers. */
  reclaimed: number;
  deadLettered: number;
}

/** A running process() loop. */
export class Processor {
  readonly stats: ProcessorStats = { processed: 0, failed: 0, reclaimed: 0, deadLettered: 0 };
  private readonly backlog: StreamEntry[] = [];
  private running = 0;
  private acks: string[] = [];
  private ackFlush: Promise<void> | null = null;
  private idle: (() => void) | null = null;
  readonly consumer: StreamConsumer;

  constructor(
    private readonly ctx: ToolkitContext,
    private readonly queue: Queue,
    private readonly handler: (job: Job) => unknown | Promise<unknown>,
    private readonly concurrency: number,
    private readonly opts: ProcessOptions,
    consumerName: string,
    maxAttempts: number,
  ) {
    this.consumer = new StreamConsumer(ctx, {
      stream: queue.stream,
      dlq: queue.dlq,
      group: queue.group,
      consumer: consumerName,
      limit: concurrency,
      visibilityMs: optMs(opts.visibilityTimeout, 30_000, 'visibilityTimeout'),
      maxAttempts,
      blockMs: optMs(opts.block, 2000, 'block'),
      deliver: (entries, reclaimed) => this.deliver(entries, reclaimed),
      onDeadLetter: (n) => (this.stats.deadLettered += n),
      onError: (e) => opts.onError?.(e),
    });
  }

  private deliver(entries: StreamEntry[], reclaimed: boolean): void {
    if (reclaimed) {
      this.stats.reclaimed += entries.length;
      this.backlog.unshift(...entries); // stuck work first
    } else this.backlog.push(...entries);
    this.pump();
  }

  private pump(): void {
    while (this.running < this.concurrency && this.backlog.length > 0) {
      const e = this.backlog.shift()!;
      this.running++;
      void this.run(e);
    }
  }

  private async run(e: StreamEntry): Promise<void> {
    const job: Job = { id: e.id, payload: fieldOf(e.fields, 'p'), attempt: e.attempt };
    try {
      await this.handler(job);
      this.stats.processed++;
      this.ack(e.id);
    } catch (err) {
      // Left pending: the reaper retries it after the visibility timeout (or dead-letters it).
      this.stats.failed++;
      this.opts.onError?.(err, job);
    }
    this.running--;
    this.consumer.release(1);
    this.pump();
    if (this.running === 0 && this.backlog.length === 0) this.idle?.();
  }

  /** Acks are batched per event-loop turn: one XACK and one XDEL for every job finished in it. */
  private ack(id: string): void {
    this.acks.push(id);
    this.ackFlush ??= new Promise<void>((r) => setImmediate(r)).then(() => this.flushAcks());
  }

  private async flushAcks(): Promise<void> {
    const ids = this.acks;
    this.acks = [];
    this.ackFlush = null;
    const { stream, group } = this.queue;
    const cmds: PipelineEntry[] = [
      ['XACK', stream, group, ...ids],
      ['XDEL', stream, ...ids],
    ];
    // A lost ack only means the job runs again after the visibility timeout (at least once).
    const res = await this.ctx.adapter.pipeline(cmds).catch((e: unknown) => [e]);
    for (const r of res) if (r instanceof Error) this.opts.onError?.(r);
  }

  /** Stops taking jobs, lets running handlers finish, and sends their acks. */
  async stop(): Promise<void> {
    await this.consumer.stop();
    if (this.running > 0 || this.backlog.length > 0) await new Promise<void>((r) => (this.idle = r));
    while (this.ackFlush !== null) await this.ackFlush;
  }
}

function fieldOf(fields: readonly string[], name: string): string {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
  return '';
}

export class Queue {
  readonly stream: string;
  /** The dead-letter stream: entries `id <original id> attempts <n> p <payload>`. */
  readonly dlq: string;
  readonly group: string;
  private readonly dedupeMs: number;
  private readonly processors = new Set<Processor>();

  constructor(
    private readonly ctx: ToolkitContext,
    readonly name: string,
    options: QueueOptions = {},
  ) {
    const group = `q:${name}`;
    this.stream = ctx.keys.key(group, 's');
    this.dlq = ctx.keys.key(group, 'dlq');
    this.group = options.group ?? 'workers';
    this.dedupeMs = optMs(options.dedupeWindow, 3_600_000, 'dedupeWindow');
    if (this.dedupeMs < 1) throw new ToolkitOptionError('dedupeWindow must be at least 1 ms');
  }

  private pushCall(items: readonly PushItem[]): ScriptCall {
    const keys = [this.stream];
    const args = [this.ctx.scriptNow(), this.group, String(this.dedupeMs)];
    for (const i of items) {
      if (i.dedupeId !== undefined) keys.push(this.ctx.keys.key(`q:${this.name}`, `d:${i.dedupeId}`));
      args.push(i.dedupeId === undefined ? '0' : '1', i.payload);
    }
    return { script: QUEUE_PUSH, keys, args };
  }

  /** Enqueues a job; resolves with its id once it is in the server, or null for a duplicate dedupe id. */
  async push(payload: string, opts: PushOptions = {}): Promise<string | null> {
    const c = this.pushCall([{ payload, ...opts }]);
    return ((await this.ctx.adapter.runScript(c.script, c.keys, c.args)) as (string | null)[])[0];
  }

  /**
   * Enqueues many jobs in one round trip (one script run per `PUSH_CHUNK` jobs); results in order.
   * A chunk the server refused rejects the call (jobs of other chunks may be enqueued).
   */
  async pushMany(items: readonly PushItem[]): Promise<(string | null)[]> {
    const calls: ScriptCall[] = [];
    for (let i = 0; i < items.length; i += PUSH_CHUNK) calls.push(this.pushCall(items.slice(i, i + PUSH_CHUNK)));
    const out: (string | null)[] = [];
    for (const r of await this.ctx.adapter.pipeline(calls)) {
      if (r instanceof Error) throw r;
      out.push(...(r as (string | null)[]));
    }
    return out;
  }

  /** Starts processing jobs with `handler` (a throw leaves the job for a retry). */
  async process(handler: (job: Job) => unknown | Promise<unknown>, options: ProcessOptions = {}): Promise<Processor> {
    const concurrency = options.concurrency ?? 1;
    const maxAttempts = options.maxAttempts ?? 5;
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new ToolkitOptionError(`concurrency must be an integer >= 1, got ${concurrency}`);
    if (!Number.isInteger(maxAttempts) || maxAttempts < 0) throw new ToolkitOptionError(`maxAttempts must be an integer >= 0, got ${maxAttempts}`);
    const p = new Processor(this.ctx, this, handler, concurrency, options, options.consumer ?? uniqueConsumerName(), maxAttempts);
    await p.consumer.start();
    this.processors.add(p);
    return p;
  }

  /** Jobs in the stream (waiting or being processed). */
  async length(): Promise<number> {
    return Number(await this.ctx.adapter.call(['XLEN', this.stream], this.stream));
  }

  /** Stops every processor started here (running handlers finish first). */
  async close(): Promise<void> {
    const ps = [...this.processors];
    this.processors.clear();
    await Promise.all(ps.map((p) => p.stop()));
  }
}
