/**
 * The consumer-group loop shared by the queue and the write-behind flusher (docs/cache/DESIGN.md,
 * 4.6 and 4.7): blocking XREADGROUP on a connection of its own (never the user's shared one), a
 * reaper that takes over entries whose consumer died (pending longer than the visibility timeout)
 * or dead-letters them after too many deliveries, and a stop that does not wait for the block.
 *
 * Flow control: the owner says how many entries it holds (`limit`); the loop reads only while it
 * holds fewer, and the owner calls `release(n)` when entries are done (acknowledged or not). Entries
 * taken over by the reaper are delivered with `reclaimed = true` even when the owner is full, so a
 * busy consumer still picks up stuck work first (at most `limit` more).
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { DedicatedConnection, Reply } from '../client/adapter.js';
import type { TimerHandle } from '../clock.js';
import type { ToolkitContext } from '../toolkit.js';
import { STREAM_RECLAIM } from '../scripts/queue.lua.js';

/** One stream entry as delivered: its id, its field/value list, and which delivery this is (1 = first). */
export interface StreamEntry {
  readonly id: string;
  readonly fields: readonly string[];
  readonly attempt: number;
}

export interface StreamConsumerOptions {
  readonly stream: string;
  /** Dead-letter stream (same hash tag as `stream`); unused when maxAttempts is 0. */
  readonly dlq: string;
  readonly group: string;
  readonly consumer: string;
  /** Entries held at once (read in batches of at most this many). */
  readonly limit: number;
  /** An entry pending this long is taken over by a reaper. */
  readonly visibilityMs: number;
  /** Deliveries after which an entry goes to the dead-letter stream; 0 = retry forever. */
  readonly maxAttempts: number;
  /** How long one XREADGROUP blocks (bounds how late a lost CLIENT UNBLOCK can make stop()). */
  readonly blockMs: number;
  /** Receives read and reclaimed entries; must call release() once per entry eventually. */
  deliver(entries: StreamEntry[], reclaimed: boolean): void;
  /** Entries sent to the dead-letter stream by this consumer's reaper. */
  onDeadLetter?(count: number): void;
  /** A failure the loop survived (connection lost, server restarted); for logging. */
  onError?(e: unknown): void;
}

/** A consumer name unique to this process and instance: host:pid:random. */
export function uniqueConsumerName(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/** XGROUP CREATE from id 0 with MKSTREAM; an existing group is fine. */
export async function ensureGroup(ctx: ToolkitContext, stream: string, group: string): Promise<void> {
  try {
    await ctx.adapter.call(['XGROUP', 'CREATE', stream, group, '0', 'MKSTREAM'], stream);
  } catch (e) {
    if (!(e instanceof Error && e.message.startsWith('BUSYGROUP'))) throw e;
  }
}

/** Entries of an XREADGROUP reply for one stream ([[stream, [[id, fields], ...]]] or nil). */
function readEntries(reply: Reply): StreamEntry[] {
  if (!Array.isArray(reply) || reply.length === 0) return [];
  const list = (reply[0] as Reply[])[1] as Reply[];
  return list.map((e) => {
    const [id, fields] = e as [string, string[] | null];
    return { id, fields: fields ?? [], attempt: 1 };
  });
}

const sleep = (ctx: ToolkitContext, ms: number) => new Promise<void>((r) => ctx.clock.setTimeout(r, ms));

export class StreamConsumer {
  private conn: DedicatedConnection | null = null;
  private connId: string | null = null;
  private running = false;
  private held = 0;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private reaper: TimerHandle | null = null;
  private reaping: Promise<void> | null = null;

  constructor(
    private readonly ctx: ToolkitContext,
    private readonly o: StreamConsumerOptions,
  ) {}

  /** Creates the group if needed, opens the connection, starts reading and reaping. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await ensureGroup(this.ctx, this.o.stream, this.o.group);
    this.conn = await this.ctx.adapter.dedicated(this.o.stream);
    this.connId = String(await this.conn.call(['CLIENT', 'ID']));
    // A reconnect gives the connection a new id; only stop() needs it, and it copes with a stale one.
    this.conn.on('ready', () => {
      if (!this.running || this.conn === null) return;
      this.conn.call(['CLIENT', 'ID']).then((id) => (this.connId = String(id)), () => undefined);
    });
    this.loop = this.readLoop();
    this.scheduleReap();
  }

  /** The consumer name in the group. */
  get name(): string {
    return this.o.consumer;
  }

  /** Entries this consumer holds (delivered, not released). */
  get holding(): number {
    return this.held;
  }

  /** The owner is done with `n` entries: frees room for reading more. */
  release(n = 1): void {
    this.held -= n;
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  /** Stops reading and reaping (entries already delivered stay with the owner); closes the connection. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    if (this.reaper !== null) this.ctx.clock.clearTimeout(this.reaper);
    this.reaper = null;
    this.release(0);
    // Ends a blocked XREADGROUP now, as if it had timed out (so no entry is read and dropped).
    if (this.connId !== null) await this.ctx.adapter.call(['CLIENT', 'UNBLOCK', this.connId]).catch(() => undefined);
    await this.loop;
    await this.reaping;
    await this.conn?.close();
    this.conn = null;
  }

  private async readLoop(): Promise<void> {
    const { stream, group, consumer, limit, blockMs } = this.o;
    while (this.running) {
      const room = limit - this.held;
      if (room <= 0) {
        await new Promise<void>((r) => (this.wake = r));
        continue;
      }
      let reply: Reply;
      try {
        const argv = ['XREADGROUP', 'GROUP', group, consumer, 'COUNT', String(room), 'BLOCK', String(blockMs), 'STREAMS', stream, '>'];
        reply = await this.conn!.call(argv);
      } catch (e) {
        if (!this.running) return;
        this.o.onError?.(e);
        // The stream or its group is gone (FLUSHALL, a server restarted without persistence).
        if (e instanceof Error && e.message.startsWith('NOGROUP')) await ensureGroup(this.ctx, stream, group).catch(() => undefined);
        await sleep(this.ctx, 100);
        continue;
      }
      const entries = readEntries(reply);
      if (entries.length === 0) continue;
      this.held += entries.length;
      this.o.deliver(entries, false);
    }
  }

  private scheduleReap(): void {
    if (!this.running) return;
    this.reaper = this.ctx.clock.setTimeout(() => {
      this.reaper = null;
      // A quarter of the visibility timeout: a stuck entry is taken over at most 1.25x it after its delivery.
      this.reaping = this.reap().then(
        () => this.scheduleReap(),
        () => this.scheduleReap(),
      );
    }, Math.max(1, this.o.visibilityMs / 4));
  }

  /** One reaper round: dead-letter or take over entries idle past the visibility timeout. */
  async reap(): Promise<number> {
    const o = this.o;
    try {
      const args = [o.group, o.consumer, String(o.visibilityMs), String(o.maxAttempts), String(o.limit)];
      const [dead, claimed] = (await this.ctx.adapter.runScript(STREAM_RECLAIM, [o.stream, o.dlq], args)) as [number, [string, string[], number][]];
      if (dead > 0) o.onDeadLetter?.(dead);
      if (claimed.length === 0) return 0;
      this.held += claimed.length;
      o.deliver(
        claimed.map(([id, fields, attempt]) => ({ id, fields, attempt })),
        true,
      );
      return claimed.length;
    } catch (e) {
      o.onError?.(e);
      return 0;
    }
  }
}
