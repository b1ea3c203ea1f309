/**
 * A cache namespace: cache-aside reads with cross-process stampede protection, write-through
 * writes, invalidation by key, tag, pattern or generation, grace copies, negative caching and
 * refresh-ahead (docs/cache/DESIGN.md, sections 4.1-4.3 and 4.6; docs/cache/cache.md for users).
 */
import { jsonCodec, NEGATIVE, PayloadCodec, type Codec } from '../codec/codec.js';
import { LoaderError, LoaderTimeoutError, ToolkitOptionError } from '../errors.js';
import { escapeGlob } from '../keys.js';
import { Counters, type CacheStats, type Outcome } from '../metrics/counters.js';
import { optMs } from '../options.js';
import { FAIL, EXTEND, FILL, INVALIDATE, READ, WRITE } from '../scripts/cache.lua.js';
import type { ToolkitContext } from '../toolkit.js';
import { entryKeys, formatMeta, groupKeys, leaseToken, valuesPrefix, parseRead, type EntryKeys, type EntryMeta, type ReadReply } from './cache-entry.js';
import { resolveOptions, type CacheOptions, type EntryOptions, type Resolved } from './cache-options.js';
import { getMany, type BatchHost } from './cache-many.js';
import { FillChannels } from './fill-channels.js';
import { Generation } from './generation.js';
import { shouldRefresh } from './refresh.js';
import { snapshotValid, TagVersions, type TagSnapshot } from './tags.js';
import { WriteBehind } from './write-behind.js';
import { createL1Store } from '../l1/index.js';
import { TwoTier } from '../l1/two-tier.js';

export type { CacheOptions, EntryOptions, CacheStore } from './cache-options.js';

type Loader<V> = (key: string) => Promise<V | undefined> | V | undefined;

/** What L1 keeps of an entry. */
interface L1Entry<V> {
  readonly value: V | undefined;
  /** Logical expiry (ms). */
  readonly expiry: number;
  readonly meta: EntryMeta | null;
}

/** The end of one request: its value and how it is counted. */
interface Settled<V> {
  readonly value: V | undefined;
  readonly outcome: Outcome;
  /** Set when the value is the server's current one (a fresh hit or an accepted fill): L1 may keep it. */
  readonly current?: { expiry: number; meta: EntryMeta | null };
  readonly stale?: boolean;
  /**
   * Which server call produced the value (this cache's send counter at the time): callers that
   * joined the flight after it was sent must not take it. Absent: any caller may take it (grace
   * copies, errors, L1 values, which have their own bounds).
   */
  readonly seq?: number;
  /** The request failed (loader error with no grace copy, server error): thrown to each caller. */
  readonly error?: unknown;
}

/** What a loader run under a lease came to. */
type LoadResult<V> =
  | { kind: 'stored'; value: V | undefined; expiry?: number; meta?: EntryMeta; seq?: number }
  | { kind: 'rejected'; value: V | undefined }
  | { kind: 'stale'; value: V | undefined };

/** A request's state while it waits for another process's fill. */
interface Waiting {
  outcome: Outcome | null;
  /** The latest grace copy seen (a payload past its TTL, within its grace period). */
  grace: string | null;
  unlisten: (() => void) | null;
  readonly inbox: string[];
  wake: (() => void) | null;
}

const NS_NAME = /^[^@:{}]+$/;
/** How often a fill raced by invalidations is retried before the loaded value is returned uncached. */
const MAX_REJECTED_FILLS = 3;

export class Cache<V = unknown> {
  private readonly o: Resolved;
  private readonly payloads: PayloadCodec<V>;
  private readonly counters = new Counters();
  private readonly channels: FillChannels;
  private readonly tags: TagVersions;
  private readonly random: () => number;
  /** Requests for one entry in this process share one trip to the server (single flight). */
  private readonly flights = new Map<string, Promise<Settled<V>>>();
  /** Counts the reads and fills this cache sends (see Settled.seq). */
  private sent = 0;
  private readonly refreshing = new Set<string>();
  private readonly backoffs = new Map<string, { until: number; n: number }>();
  private readonly gen: Generation;
  private readonly space: string;
  private readonly writeBehind: WriteBehind | null = null;
  /** L1, once its invalidation channel is up (null without L1, or until then). */
  private l1: TwoTier<L1Entry<V>> | null = null;
  private l1Opening: Promise<void> | null = null;
  /** What getMany (cache-many.ts) uses of this cache. */
  private readonly batchHost: BatchHost<V>;

  constructor(
    private readonly ctx: ToolkitContext,
    readonly namespace: string,
    private readonly options: CacheOptions<V> = {},
  ) {
    if (!NS_NAME.test(namespace)) throw new ToolkitOptionError(`namespace must be non-empty without '@', ':', '{' or '}', got ${JSON.stringify(namespace)}`);
    this.o = resolveOptions(options as CacheOptions<never>);
    this.payloads = new PayloadCodec(options.codec ?? (jsonCodec as Codec<V>), options.compress);
    this.channels = new FillChannels(ctx.adapter);
    this.tags = new TagVersions(ctx, this.o.tagKeep);
    this.random = options.random ?? Math.random;
    this.space = options.version === undefined ? namespace : `${namespace}:v${options.version}`;
    this.gen = new Generation(ctx, ctx.keys.key(this.space, 'gen'), this.o.generationTtl);
    this.batchHost = {
      ctx,
      counters: this.counters,
      payloads: this.payloads,
      leaseMs: this.o.leaseMs,
      entry: (key) => this.entry(key),
      ttlOf: (opts) => this.ttlOf(opts),
      graceOf: (opts) => this.graceOf(opts),
      negativeTtlOf: (opts) => this.negativeTtlOf(opts),
      one: (key, loader, opts) => this.getOrSet(key, loader, opts),
    };
    const l1 = options.l1;
    if (l1 !== undefined) {
      const ttlMs = optMs(l1.ttl, this.o.ttl, 'l1.ttl');
      this.l1Opening = TwoTier.open<L1Entry<V>>(createL1Store({ policy: l1.policy, maxEntries: l1.maxEntries, maxBytes: l1.maxBytes }), ttlMs, {
        adapter: ctx.adapter,
        prefix: ctx.keys.prefix,
        trackPrefix: valuesPrefix(ctx.keys, this.space),
        clock: ctx.clock,
        staleWindowMs: optMs(l1.staleWindow, 1000, 'l1.staleWindow'),
        mode: l1.mode,
      }).then(
        (tier) => {
          this.l1 = tier;
          this.l1Opening = null;
        },
        (err: unknown) => {
          this.l1Opening = null;
          l1.onError?.(err);
        },
      );
    }
    const store = options.store;
    if (store?.mode === 'behind') {
      this.writeBehind = new WriteBehind(ctx, {
        name: `cache:${namespace}`,
        write: (batch) => store.write(batch.map((i) => ({ key: i.key, value: this.decode(i.payload) as V, version: i.version }))),
        shards: store.shards,
        batchSize: store.batchSize,
        flusher: store.flusher,
        visibilityTimeout: store.visibilityTimeout,
        onError: store.onError,
      });
    }
  }

  // --- public API ---

  /** The cached value, or undefined; never calls a loader. */
  async get(key: string): Promise<V | undefined> {
    const e = await this.entry(key);
    const l1 = this.l1?.peek(e.value);
    if (l1 !== undefined && l1.expiry > this.ctx.clock.now()) {
      this.counters.settle({ kind: 'hitL1' });
      return l1.value;
    }
    const r = await this.read(e, 'p');
    const tagsOk = r.status === 'H' && (await this.tagsValid(r.meta, undefined));
    const hit = r.status === 'H' && tagsOk;
    this.counters.settle(hit ? { kind: 'hitL2' } : { kind: 'miss', cause: r.status === 'H' ? 'tag' : r.payload !== null ? 'expired' : 'absent' });
    return hit ? this.decode(r.payload!) : undefined;
  }

  /**
   * The cached value, or the loader's, stored for the next caller. Across every process using the
   * server, one caller at a time loads a missing key; the others wait for its value (or its error).
   */
  async getOrSet(key: string, loader?: Loader<V>, opts: EntryOptions = {}): Promise<V | undefined> {
    const load = loader ?? this.options.loader;
    if (load === undefined) throw new ToolkitOptionError('getOrSet needs a loader (argument or the cache option)');
    const en = this.entryNow(key);
    const e = en instanceof Promise ? await en : en;
    const tier = this.l1 ?? (this.l1Opening !== null ? (await this.l1Opening, this.l1) : null);
    if (tier !== null) {
      const hit = tier.peek(e.value);
      if (hit !== undefined && hit.expiry > this.ctx.clock.now()) {
        this.counters.settle({ kind: 'hitL1' });
        this.maybeRefresh(e, key, load, opts, hit.expiry, hit.meta);
        return hit.value;
      }
    }
    // Concurrent callers share one flight. A caller that joins a flight already under way takes
    // its answer only if the server call that produced it was sent after the caller arrived: an
    // earlier one may have run before an invalidation this caller has already seen acknowledged.
    let s: Settled<V>;
    for (;;) {
      const arrived = this.sent;
      const flight = this.flights.get(e.group) ?? this.startFlight(tier, e, key, load, opts);
      s = await flight;
      if (s.seq === undefined || s.seq > arrived) break;
    }
    this.counters.settle(s.outcome);
    if (s.stale) this.counters.add('staleServed');
    if (s.error !== undefined) throw s.error;
    return s.value;
  }

  private startFlight(tier: TwoTier<L1Entry<V>> | null, e: EntryKeys, key: string, load: Loader<V>, opts: EntryOptions): Promise<Settled<V>> {
    const flight: Promise<Settled<V>> = (tier === null ? this.obtain(e, key, load, opts) : this.obtainThroughL1(tier, e, key, load, opts)).finally(() => {
      if (this.flights.get(e.group) === flight) this.flights.delete(e.group);
    });
    this.flights.set(e.group, flight);
    return flight;
  }

  /**
   * Values of several keys in one round trip; the misses this process gets the lease for go to
   * one call of `batchLoader` (values in the keys' order), those another process is loading are
   * waited for. Tagged values are checked key by key (the one-key path).
   */
  getMany(keys: readonly string[], batchLoader: (keys: string[]) => Promise<(V | undefined)[]>, opts: EntryOptions = {}): Promise<(V | undefined)[]> {
    return getMany(this.batchHost, keys, batchLoader, opts);
  }

  /**
   * Stores a value now: waiting callers get it, a fill under way is rejected. With a `store`
   * option the value also goes to your store: first (write-through), or queued durably in the
   * server before the cache is written (write-behind).
   */
  async set(key: string, value: V, opts: EntryOptions = {}): Promise<void> {
    const store = this.options.store;
    if (store?.mode === 'through') await store.write(key, value);
    else if (this.writeBehind !== null) await this.writeBehind.enqueue(key, this.payloads.encode(value));
    const e = await this.entry(key);
    const t = await this.tags.current(opts.tags ?? []);
    const ttl = this.ttlOf(opts);
    const meta = formatMeta({ l: ttl, t: opts.tags?.length ? t : undefined });
    const write = () => this.ctx.adapter.runScript(WRITE, [e.value, e.lease], [this.ctx.scriptNow(), this.payloads.encode(value), String(ttl), String(this.graceOf(opts)), meta, e.channel]);
    await (this.l1 === null ? write() : this.l1.write([e.value], write));
  }

  /** Removes a key; a fill under way for it is rejected. True if a value was there. */
  async delete(key: string): Promise<boolean> {
    return (await this.invalidate(await this.entry(key), 'd')) === 1;
  }

  /** Expires a key now, keeping its grace copy (served if the next load fails). */
  async expire(key: string): Promise<boolean> {
    return (await this.invalidate(await this.entry(key), 'x')) === 1;
  }

  /** Every value stored with one of these tags (before now) becomes a miss. */
  async invalidateTags(tags: readonly string[]): Promise<void> {
    await this.tags.bump(tags);
    this.counters.add('invalidationsSent', tags.length);
  }

  /**
   * Invalidates every key matching a glob (`*`, `?`, `[...]` as SCAN MATCH reads them) on every
   * master. O(keys in the server): meant for rare maintenance, not hot paths. Returns how many.
   */
  async invalidatePattern(glob: string): Promise<number> {
    const gen = await this.gen.current();
    const { prefix } = this.ctx.keys;
    const match = `${escapeGlob(valuesPrefix(this.ctx.keys, this.space))}${gen}:${glob}}:v`;
    const head = `${prefix}:{`;
    let n = 0;
    for (const node of await this.ctx.adapter.nodes()) {
      let cursor = '0';
      do {
        const [next, found] = (await node.call(['SCAN', cursor, 'MATCH', match, 'COUNT', '1000', 'TYPE', 'hash'])) as [string, string[]];
        cursor = next;
        for (const k of found) {
          const group = k.slice(head.length, k.length - '}:v'.length);
          n += (await this.invalidate(groupKeys(this.ctx.keys, group), 'd')) === 1 ? 1 : 0;
        }
      } while (cursor !== '0');
    }
    return n;
  }

  /** Drops every value of the namespace at once (O(1): a new generation; old entries expire). */
  async clear(): Promise<void> {
    await this.gen.bump();
    this.counters.add('invalidationsSent');
  }

  /** Loads keys ahead of use, `concurrency` at a time (default 8). */
  async warm(keys: readonly string[], opts: { concurrency?: number; loader?: Loader<V> } & EntryOptions = {}): Promise<void> {
    const queue = [...keys];
    const worker = async () => {
      for (let k = queue.shift(); k !== undefined; k = queue.shift()) await this.getOrSet(k, opts.loader, opts);
    };
    await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 8) }, worker));
  }

  stats(): CacheStats {
    const s = this.counters.snapshot();
    if (this.l1 !== null) {
      const ch = this.l1.stats().channel;
      s.invalidationsReceived = ch.invalidationsReceived;
      s.l1Flushes = Object.values(ch.flushes).reduce((a, b) => a + b, 0);
    }
    return s;
  }

  /** L1's own figures (entries, hit ratio, channel mode and health), or null without L1. */
  l1Stats(): ReturnType<TwoTier<unknown>['stats']> | null {
    return this.l1?.stats() ?? null;
  }

  /** Write-behind: resolves once every write queued so far reached the store. */
  async flushWrites(): Promise<void> {
    await this.writeBehind?.flush();
  }

  /** Closes the cache's own connections (fill waiting, write-behind flusher). */
  async close(): Promise<void> {
    if (this.l1Opening !== null) await this.l1Opening;
    await this.l1?.close();
    await this.writeBehind?.close();
    await this.channels.close();
  }

  // --- the lease protocol ---

  /** obtain(), with its result kept in L1 when it is the server's current value (two-tier.ts decides). */
  private async obtainThroughL1(tier: TwoTier<L1Entry<V>>, e: EntryKeys, key: string, loader: Loader<V>, opts: EntryOptions): Promise<Settled<V>> {
    let settled: Settled<V> | null = null;
    const entry = await tier.read(
      e.value,
      async () => {
        const s = (settled = await this.obtain(e, key, loader, opts));
        // Tagged values stay out of L1: their tag versions live on the server.
        if (s.current === undefined || s.current.meta?.t !== undefined) return undefined;
        return { value: s.value, expiry: s.current.expiry, meta: s.current.meta };
      },
      (en) => en.expiry,
    );
    // tier.read answered from L1 itself (filled between our peek and now).
    return settled ?? { value: entry?.value, outcome: { kind: 'hitL1' } };
  }

  private async obtain(e: EntryKeys, key: string, loader: Loader<V>, opts: EntryOptions): Promise<Settled<V>> {
    const w: Waiting = { outcome: null, grace: null, unlisten: null, inbox: [], wake: null };
    try {
      return await this.leaseLoop(e, key, loader, opts, w);
    } catch (error) {
      return { value: undefined, outcome: w.outcome ?? { kind: 'miss', cause: 'absent' }, error };
    } finally {
      w.unlisten?.();
    }
  }

  /**
   * Reads; on a miss either loads under the lease it was given or waits for the holder's fill,
   * reading again on each message of the entry's channel (or when the holder's lease runs out).
   */
  private async leaseLoop(e: EntryKeys, key: string, loader: Loader<V>, opts: EntryOptions, w: Waiting): Promise<Settled<V>> {
    for (let rejected = 0; ; ) {
      // After a loader error, a grace copy is served without calling the loader for a while.
      const inBackoff = this.inBackoff(e.group);
      const seq = ++this.sent;
      // Untagged (the common case): no tag lookup to wait for.
      const [first, tagsNow] = opts.tags?.length ? await Promise.all([this.read(e, inBackoff ? 'p' : 'r'), this.tags.current(opts.tags)]) : [await this.read(e, inBackoff ? 'p' : 'r'), {}];
      let r = first;
      if (r.status === 'H') {
        if (await this.tagsValid(r.meta, opts.tags?.length ? tagsNow : undefined)) {
          this.maybeRefresh(e, key, loader, opts, r.expiry!, r.meta);
          return { value: this.decode(r.payload!), outcome: w.outcome ?? { kind: 'hitL2' }, current: { expiry: r.expiry!, meta: r.meta }, seq };
        }
        w.outcome ??= { kind: 'miss', cause: 'tag' };
        r = await this.read(e, 'f');
      }
      const outcome: Outcome = (w.outcome ??= { kind: 'miss', cause: r.payload !== null ? 'expired' : 'absent' });
      if (r.payload !== null) w.grace = r.payload;
      if (inBackoff && w.grace !== null) return { value: this.decode(w.grace), outcome, stale: true };
      if (r.status === 'M') {
        // In backoff with nothing to serve: try the loader after all.
        this.backoffs.delete(e.group);
        continue;
      }
      if (r.status === 'L') {
        const res = await this.underLease(e, key, r, loader, opts, tagsNow, w.grace);
        // An accepted fill proves no invalidation deleted the lease since it was granted, so callers
        // that joined up to the fill may take its value; a tag bump does not touch the lease, so
        // tagged values only count from the read that granted it.
        if (res.kind === 'stored') return { value: res.value, outcome, current: res.expiry === undefined ? undefined : { expiry: res.expiry, meta: res.meta ?? null }, seq: opts.tags?.length ? seq : (res.seq ?? seq) };
        if (res.kind === 'stale') return { value: res.value, outcome, stale: true };
        // An invalidation came first: read again (the value loaded may predate it).
        if (++rejected < MAX_REJECTED_FILLS) continue;
        // Still valid for the callers that were there before this load began (seq: the read).
        return { value: res.value, outcome, seq };
      }
      // Someone else holds the lease. Subscribe, then read again: a fill between the two reads is
      // seen by the second read; one after it is announced on the channel.
      if (w.unlisten === null) {
        w.unlisten = await this.channels.listen(e.channel, (msg) => {
          w.inbox.push(msg);
          w.wake?.();
        });
        continue;
      }
      const msg = await this.nextMessage(w, r.ms);
      if (msg.startsWith('error:')) {
        if (w.grace !== null) return { value: this.decode(w.grace), outcome, stale: true };
        throw new LoaderError(msg.slice('error:'.length));
      }
      // No value was stored: a caller that joined meanwhile reads for itself (seq 0).
      if (msg === 'none') return { value: undefined, outcome, seq: 0 };
    }
  }

  /** The next channel message, or 'timeout' when the holder's lease runs out first. */
  private nextMessage(w: Waiting, ms: number): Promise<string> {
    if (w.inbox.length !== 0) return Promise.resolve(w.inbox.shift()!);
    return new Promise((resolve) => {
      const timer = this.ctx.clock.setTimeout(() => {
        w.wake = null;
        resolve('timeout');
      }, ms + 1);
      w.wake = () => {
        w.wake = null;
        this.ctx.clock.clearTimeout(timer);
        resolve(w.inbox.shift()!);
      };
    });
  }

  /** Runs the loader while holding the lease, then fills (or gives the lease up on failure). */
  private async underLease(e: EntryKeys, key: string, r: ReadReply, loader: Loader<V>, opts: EntryOptions, tagsBefore: TagSnapshot, grace: string | null): Promise<LoadResult<V>> {
    const leaseToken = r.leaseToken!;
    const job = this.loadAndFill(e, key, leaseToken, loader, opts, tagsBefore);
    if (grace === null || !Number.isFinite(this.o.softTimeout)) return this.withGrace(job, e, grace);
    // Slow loader with a grace copy at hand: serve it, and let the loader finish its fill.
    let softTimer: object | null = null;
    const soft = new Promise<'soft'>((resolve) => (softTimer = this.ctx.clock.setTimeout(() => resolve('soft'), this.o.softTimeout)));
    const first = await Promise.race([job.then(() => 'job' as const, () => 'job' as const), soft]);
    this.ctx.clock.clearTimeout(softTimer!);
    if (first === 'soft') {
      job.catch(() => undefined);
      return { kind: 'stale', value: this.decode(grace) };
    }
    return this.withGrace(job, e, grace);
  }

  /** The job's result; on a loader failure the grace copy if there is one, else the error. */
  private async withGrace(job: Promise<LoadResult<V>>, e: EntryKeys, grace: string | null): Promise<LoadResult<V>> {
    try {
      const res = await job;
      this.backoffs.delete(e.group);
      return res;
    } catch (err) {
      const b = this.backoffs.get(e.group);
      const n = b === undefined ? 0 : b.n + 1;
      this.backoffs.set(e.group, { n, until: this.ctx.clock.now() + Math.min(this.o.backoffMax, this.o.backoffBase * 2 ** n) });
      if (grace !== null) return { kind: 'stale', value: this.decode(grace) };
      throw err;
    }
  }

  private inBackoff(group: string): boolean {
    const b = this.backoffs.get(group);
    return b !== undefined && b.until > this.ctx.clock.now();
  }

  private async loadAndFill(e: EntryKeys, key: string, leaseToken: string, loader: Loader<V>, opts: EntryOptions, tagsBefore: TagSnapshot): Promise<LoadResult<V>> {
    const { clock, adapter } = this.ctx;
    this.counters.add('loaderCalls');
    const started = clock.now();
    const extendEvery = this.o.leaseMs / 3;
    let extender: object | null = null;
    const extend = () => {
      extender = clock.setTimeout(() => {
        void adapter.runScript(EXTEND, [e.lease], [this.ctx.scriptNow(), leaseToken, String(this.o.leaseMs)]).catch(() => undefined);
        extend();
      }, extendEvery);
    };
    extend();
    let hard: object | null = null;
    let value: V | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        hard = clock.setTimeout(() => reject(new LoaderTimeoutError(`loader for ${JSON.stringify(key)} took longer than ${this.o.hardTimeout} ms`)), this.o.hardTimeout);
      });
      value = await Promise.race([Promise.resolve().then(() => loader(key)), timeout]);
    } catch (err) {
      this.counters.add(err instanceof LoaderTimeoutError ? 'loaderTimeouts' : 'loaderErrors');
      const text = err instanceof Error ? err.message : String(err);
      await adapter.runScript(FAIL, [e.lease], [this.ctx.scriptNow(), leaseToken, `error:${text}`, e.channel]).catch(() => undefined);
      throw err instanceof LoaderTimeoutError ? err : new LoaderError(text, { cause: err });
    } finally {
      clock.clearTimeout(extender!);
      if (hard !== null) clock.clearTimeout(hard);
      this.counters.loaderLatency(clock.now() - started);
    }
    const delta = clock.now() - started;
    const negative = value === undefined;
    if (negative && opts.negativeTtl === undefined && this.o.negativeTtl === 0) {
      await adapter.runScript(FAIL, [e.lease], [this.ctx.scriptNow(), leaseToken, 'none', e.channel]);
      return { kind: 'stored', value: undefined };
    }
    const ttl = negative ? this.negativeTtlOf(opts) : this.ttlOf(opts);
    const metaObj: EntryMeta = { d: Math.round(delta), l: ttl, t: opts.tags?.length ? tagsBefore : undefined };
    const meta = formatMeta(metaObj);
    const payload = negative ? NEGATIVE : this.payloads.encode(value as V);
    const seq = ++this.sent;
    // The server counts the TTL from when it runs the fill, which is no earlier than this: an L1
    // copy never outlives the server's.
    const sentAt = clock.now();
    const ok = await adapter.runScript(FILL, [e.value, e.lease], [this.ctx.scriptNow(), leaseToken, payload, String(ttl), String(negative ? 0 : this.graceOf(opts)), meta, e.channel]);
    if (ok === 1) return { kind: 'stored', value, expiry: sentAt + ttl, meta: metaObj, seq };
    this.counters.add('fillsRejected');
    return { kind: 'rejected', value };
  }

  /** Starts a background refill of a hot key when refresh-ahead says it is time. */
  private maybeRefresh(e: EntryKeys, key: string, loader: Loader<V>, opts: EntryOptions, expiry: number, m: EntryMeta | null): void {
    if (this.options.refresh === undefined || m === null || this.refreshing.has(e.group)) return;
    if (!shouldRefresh(this.options.refresh, this.ctx.clock.now(), expiry, m.d ?? 0, m.l ?? this.o.ttl, this.random)) return;
    this.refreshing.add(e.group);
    this.counters.add('refreshes');
    void (async () => {
      const [lease, tagsNow] = await Promise.all([this.read(e, 'f'), this.tags.current(opts.tags ?? [])]);
      // Another process is already refreshing it: nothing to do.
      if (lease.status !== 'L') return;
      await this.loadAndFill(e, key, lease.leaseToken!, loader, opts, tagsNow);
    })()
      .catch(() => undefined)
      .finally(() => this.refreshing.delete(e.group));
  }

  // --- plumbing ---

  private async read(e: EntryKeys, mode: 'r' | 'p' | 'f'): Promise<ReadReply> {
    const t = leaseToken();
    const r = parseRead(await this.ctx.adapter.runScript(READ, [e.value, e.lease], [this.ctx.scriptNow(), t, String(this.o.leaseMs), mode]));
    return r.status === 'L' ? { ...r, leaseToken: t } : r;
  }

  private async invalidate(e: EntryKeys, mode: 'd' | 'x'): Promise<number> {
    const run = () => this.ctx.adapter.runScript(INVALIDATE, [e.value, e.lease], [this.ctx.scriptNow(), mode, e.channel]);
    const n = await (this.l1 === null ? run() : this.l1.write([e.value], run));
    this.counters.add('invalidationsSent');
    return Number(n);
  }

  private async tagsValid(meta: EntryMeta | null, now: TagSnapshot | undefined): Promise<boolean> {
    const stored = meta?.t;
    if (stored === undefined) return true;
    return snapshotValid(stored, now !== undefined && Object.keys(stored).every((t) => t in now) ? now : await this.tags.current(Object.keys(stored)));
  }

  private decode(payload: string): V | undefined {
    return this.payloads.decode(payload);
  }

  private ttlOf(opts: EntryOptions): number {
    const ttl = optMs(opts.ttl, this.o.ttl, 'ttl');
    return Math.max(1, Math.round(ttl * (1 - this.o.jitter * this.random())));
  }

  private negativeTtlOf(opts: EntryOptions): number {
    return optMs(opts.negativeTtl, this.o.negativeTtl, 'negativeTtl');
  }

  private graceOf(opts: EntryOptions): number {
    return optMs(opts.grace, this.o.grace, 'grace');
  }

  private async entry(key: string): Promise<EntryKeys> {
    return entryKeys(this.ctx.keys, this.space, this.gen.fresh() ?? (await this.gen.current()), key);
  }

  /** entry() without a microtask when the generation is at hand (the L1 hit path). */
  private entryNow(key: string): EntryKeys | Promise<EntryKeys> {
    const gen = this.gen.fresh();
    return gen === null ? this.entry(key) : entryKeys(this.ctx.keys, this.space, gen, key);
  }
}
