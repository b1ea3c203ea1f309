/**
 * Write-behind (docs/cache/DESIGN.md, 4.6; docs/cache/write-behind.md): writes are acknowledged
 * once they are in the server and reach the user's store later, in batches, through `write`.
 *
 * - enqueue(key, payload) is one script on the key's shard: the latest payload goes into a hash,
 *   and the key gets a stream entry unless it already has one (coalescing: writes to a key between
 *   two flushes cost one sink write, of the last payload).
 * - A flusher per shard reads the stream with a consumer group on a connection of its own, reads the
 *   payloads, calls `write(batch)`, then acks; a key written again meanwhile is queued again, so
 *   its newer payload follows. A flusher that dies mid-batch leaves its entries pending; after the
 *   visibility timeout another flusher (or the same one, restarted) takes them over.
 * - Durability: an acknowledged write is as durable as the server's data; to survive a server
 *   crash, run it with `appendonly yes` and `appendfsync always`.
 * - Delivery is at least once; a write can repeat. With several flushers, a flusher stalled past
 *   the visibility timeout can deliver an older payload after a newer one: `version` (increasing
 *   per shard) lets the store refuse it.
 */
import type { Reply } from '../client/adapter.js';
import { optMs, type Duration } from '../options.js';
import { ToolkitOptionError } from '../errors.js';
import type { ToolkitContext } from '../toolkit.js';
import { WB_ACK, WB_ENQUEUE } from '../scripts/writebehind.lua.js';
import { StreamConsumer, ensureGroup, uniqueConsumerName, type StreamEntry } from './stream-consumer.js';

/** One write handed to the store. */
export interface WriteBehindItem {
  readonly key: string;
  readonly payload: string;
  /** Increases with every enqueue on the key's shard: a store may refuse a lower one for a key. */
  readonly version: number;
}

export interface WriteBehindOptions {
  /** Writes a batch to the store; a throw leaves the batch queued (retried after the visibility timeout). */
  write(batch: WriteBehindItem[]): void | Promise<void>;
  /** Streams the keys are spread over (one slot each on clusters). Default 1. */
  shards?: number;
  /** Most items per write() call. Default 100. */
  batchSize?: number;
  /** Run a flusher in this instance (false: only enqueue, others flush). Default true. */
  flusher?: boolean;
  /** A batch not acknowledged this long after it was read is taken over. Default '10s'. */
  visibilityTimeout?: Duration;
  /** Consumer group of the flushers. Default 'flushers'. */
  group?: string;
  /** Longest single blocking read. Default '2s'. */
  block?: Duration;
  /** Errors the flusher survives (write failures, lost connections). */
  onError?: (e: unknown) => void;
}

interface Shard {
  readonly s: string;
  readonly h: string;
  readonly c: string;
  consumer: StreamConsumer | null;
  /** Batches of one shard are written one after the other, in stream order. */
  chain: Promise<void>;
  /** Keys this process's acks queued again (written again while their batch was being written). */
  requeued: number;
}

/** FNV-1a over the key's bytes: a shard number every process computes alike. */
function shardOf(key: string, shards: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) % shards;
}

export class WriteBehind {
  private readonly shards: Shard[];
  private readonly group: string;
  private readonly batchSize: number;
  private readonly name = uniqueConsumerName();
  private readonly started: Promise<void>;
  private closed = false;

  constructor(
    private readonly ctx: ToolkitContext,
    private readonly o: WriteBehindOptions,
  ) {
    const shards = o.shards ?? 1;
    this.batchSize = o.batchSize ?? 100;
    if (!Number.isInteger(shards) || shards < 1) throw new ToolkitOptionError(`shards must be an integer >= 1, got ${shards}`);
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) throw new ToolkitOptionError(`batchSize must be an integer >= 1, got ${this.batchSize}`);
    this.group = o.group ?? 'flushers';
    const visibilityMs = optMs(o.visibilityTimeout, 10_000, 'visibilityTimeout');
    const blockMs = optMs(o.block, 2000, 'block');
    this.shards = Array.from({ length: shards }, (_, n) => {
      const k = (part: string) => ctx.keys.key(`wb:${n}`, part);
      return { s: k('s'), h: k('h'), c: k('c'), consumer: null, chain: Promise.resolve(), requeued: 0 };
    });
    if (o.flusher === false) {
      this.started = Promise.resolve();
      return;
    }
    for (const sh of this.shards) {
      sh.consumer = new StreamConsumer(ctx, {
        stream: sh.s,
        dlq: sh.s, // never used: maxAttempts 0, a write is retried until it succeeds
        group: this.group,
        consumer: this.name,
        limit: this.batchSize,
        visibilityMs,
        maxAttempts: 0,
        blockMs,
        deliver: (entries) => {
          sh.chain = sh.chain
            .then(() => this.flushBatch(sh, entries))
            .catch((e: unknown) => o.onError?.(e))
            .finally(() => sh.consumer?.release(entries.length));
        },
        onError: (e) => o.onError?.(e),
      });
    }
    this.started = Promise.all(this.shards.map((sh) => sh.consumer!.start())).then(() => undefined);
    // start() failing (server down at construction) surfaces in flush()/close(); never unhandled.
    this.started.catch((e: unknown) => o.onError?.(e));
  }

  /** Queues a write; resolves once it is in the server (acknowledged), with its version. */
  async enqueue(key: string, payload: string): Promise<number> {
    const sh = this.shards[shardOf(key, this.shards.length)];
    return Number(await this.ctx.adapter.runScript(WB_ENQUEUE, [sh.s, sh.h, sh.c], [this.group, key, payload]));
  }

  /** Reads the payloads of `entries`, writes them, acks them. Throws what write() throws. */
  private async flushBatch(sh: Shard, entries: readonly StreamEntry[]): Promise<void> {
    const keys = [...new Set(entries.map((e) => e.fields[1]))];
    const vals = (await this.ctx.adapter.call(['HMGET', sh.h, ...keys], sh.h)) as (string | null)[];
    const version = new Map<string, string>();
    const batch: WriteBehindItem[] = [];
    keys.forEach((key, i) => {
      const v = vals[i];
      if (v === null) return; // flushed already (a repeated entry)
      const colon = v.indexOf(':');
      version.set(key, v.slice(0, colon));
      batch.push({ key, payload: v.slice(colon + 1), version: Number(v.slice(0, colon)) });
    });
    if (batch.length > 0) await this.o.write(batch);
    const args = [this.group];
    for (const e of entries) args.push(e.id, e.fields[1], version.get(e.fields[1]) ?? '0');
    sh.requeued += Number(await this.ctx.adapter.runScript(WB_ACK, [sh.s, sh.h], args));
  }

  /** Entries of one shard read without blocking (for flush()); 0 when none are new. */
  private async readOnce(sh: Shard): Promise<number> {
    const reply = await this.ctx.adapter.call(['XREADGROUP', 'GROUP', this.group, this.name, 'COUNT', String(this.batchSize), 'STREAMS', sh.s, '>'], sh.s);
    if (!Array.isArray(reply) || reply.length === 0) return 0;
    const entries = ((reply[0] as Reply[])[1] as [string, string[]][]).map(([id, fields]) => ({ id, fields, attempt: 1 }));
    const run = sh.chain.then(() => this.flushBatch(sh, entries));
    sh.chain = run.catch(() => undefined);
    await run;
    return entries.length;
  }

  /**
   * Resolves once every write enqueued before the call has been written and acknowledged: when
   * every stream entry older than the call is gone and no key was queued again meanwhile (written
   * again while its batch was in flight), or when the stream is empty. Writes held by a flusher in
   * another process wait for it (or for its visibility timeout, if it died). For shutdown and tests:
   * under a steady stream of writes to the same keys it may take as long as the writes go on.
   */
  async flush(): Promise<void> {
    await this.started;
    await Promise.all(
      this.shards.map(async (sh) => {
        const last = (await this.ctx.adapter.call(['XREVRANGE', sh.s, '+', '-', 'COUNT', '1'], sh.s)) as [string, string[]][];
        if (last.length === 0) return;
        await ensureGroup(this.ctx, sh.s, this.group);
        const requeued = sh.requeued;
        for (;;) {
          if ((await this.readOnce(sh)) > 0) continue;
          await sh.chain;
          // A key queued again has an entry newer than the call: then only an empty stream will do.
          const until = sh.requeued === requeued ? last[0][0] : '+';
          const left = (await this.ctx.adapter.call(['XRANGE', sh.s, '-', until, 'COUNT', '1'], sh.s)) as Reply[];
          if (left.length === 0) return;
          await new Promise<void>((r) => this.ctx.clock.setTimeout(r, 20));
        }
      }),
    );
  }

  /** Stops the flushers after the batches they hold are written (does not flush the rest). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.started.catch(() => undefined);
    await Promise.all(this.shards.map((sh) => sh.consumer?.stop()));
    await Promise.all(this.shards.map((sh) => sh.chain));
  }
}
