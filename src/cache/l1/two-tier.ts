/**
 * L1 in front of L2, kept coherent by an InvalidationChannel: what the cache calls on read, on
 * its own writes, and what the channel calls on invalidation (docs/cache/two-tier.md).
 *
 * The one race it exists to close: a read's L2 reply and the invalidation of a later write travel
 * on different connections, so the invalidation can arrive first; storing the read's (old) value
 * after it would keep a stale value in L1 with nothing left to evict it. Hence every fill holds a
 * ticket from before its L2 read, an invalidation of the key (or any flush) spoils the tickets in
 * flight, and a spoiled fill returns its value without storing it. A fill also stores only if the
 * channel was healthy both when the read began and when it ended, with no flush in between.
 */
import { systemToolkitClock, type ToolkitClock } from '../clock.js';
import { InvalidationChannel, type ChannelStats, type FlushReason, type InvalidationChannelOptions, type InvalidationListener } from './invalidation.js';
import type { L1Stats, L1Store } from './store.js';

interface Ticket {
  spoiled: boolean;
}

export interface TwoTierStats {
  l1: L1Stats;
  channel: ChannelStats;
  /** Fills not stored because an invalidation or flush overtook their L2 read. */
  fillsSpoiled: number;
}

export class TwoTier<V> implements InvalidationListener {
  /** Set by open(), or by attach() when the channel is built separately. */
  channel: InvalidationChannel | null = null;
  private readonly inflight = new Map<string, Set<Ticket>>();
  /** Bumped on every flush: fills begun under an older epoch are not stored. */
  private epoch = 0;
  private spoiled = 0;

  constructor(
    readonly store: L1Store<V>,
    private readonly clock: ToolkitClock,
    /** The longest an entry lives in L1 (ms), before the channel's own cap. */
    private readonly ttlMs: number,
  ) {}

  /**
   * A TwoTier over a new channel on `options.adapter` (its listener is the TwoTier itself).
   * `ttlMs` bounds L1 life; in pubsub mode the channel caps it at staleWindow.
   */
  static async open<V>(store: L1Store<V>, ttlMs: number, options: Omit<InvalidationChannelOptions, 'listener'>): Promise<TwoTier<V>> {
    const clock = options.clock ?? systemToolkitClock;
    const tt = new TwoTier<V>(store, clock, ttlMs);
    tt.attach(await InvalidationChannel.open({ ...options, clock, listener: tt }));
    return tt;
  }

  attach(channel: InvalidationChannel): void {
    this.channel = channel;
  }

  /** The L1 value, if the channel is healthy and L1 holds a live one; never touches L2. */
  peek(key: string): V | undefined {
    return this.channel?.healthy() === true ? this.store.get(key, this.clock.now()) : undefined;
  }

  /**
   * L1 if it can serve, else `load()` from L2, stored in L1 unless spoiled (see the file comment).
   * `load` resolving to undefined means "nothing to cache" (it is returned, not stored).
   * `expiresAt(value)`: the value's own logical expiry (ms), if it has one; L1 keeps the entry
   * until the earliest of that, the read's start + ttlMs, and the start + the channel's cap.
   */
  async read(key: string, load: () => Promise<V | undefined>, expiresAt?: (value: V) => number): Promise<V | undefined> {
    const hit = this.peek(key);
    if (hit !== undefined) return hit;
    const ticket = this.begin(key);
    const start = this.clock.now();
    const epoch = this.epoch;
    const healthyAtStart = this.channel?.healthy() === true;
    try {
      const v = await load();
      if (v !== undefined && healthyAtStart && !ticket.spoiled && epoch === this.epoch && this.channel?.healthy() === true) {
        const deadline = start + Math.min(this.ttlMs, this.channel.l1TtlCap);
        this.store.set(key, v, expiresAt === undefined ? deadline : Math.min(deadline, expiresAt(v)));
      } else if (v !== undefined) this.spoiled++;
      return v;
    } finally {
      this.end(key, ticket);
    }
  }

  /**
   * Wraps the toolkit's own write of `keys` to L2: once `op` resolves, the keys leave L1 (and
   * fills in flight for them are spoiled) before this resolves; in pubsub mode the other
   * instances are told (PUBLISH) before it resolves too.
   */
  async write<T>(keys: readonly string[], op: () => Promise<T>): Promise<T> {
    const out = await op();
    this.invalidate(keys);
    if (this.channel?.mode === 'pubsub') await Promise.all(keys.map((k) => this.channel!.publishWrite(k)));
    return out;
  }

  /** InvalidationListener: keys changed on the server. */
  invalidate(keys: readonly string[]): void {
    for (const k of keys) {
      this.store.delete(k);
      const ts = this.inflight.get(k);
      if (ts !== undefined) for (const t of ts) t.spoiled = true;
    }
  }

  /** InvalidationListener: anything may have changed. */
  flush(_reason: FlushReason): void {
    this.epoch++;
    this.store.clear();
  }

  stats(): TwoTierStats {
    return { l1: this.store.stats(), channel: this.channel!.stats(), fillsSpoiled: this.spoiled };
  }

  async close(): Promise<void> {
    await this.channel?.close();
  }

  private begin(key: string): Ticket {
    const t: Ticket = { spoiled: false };
    let ts = this.inflight.get(key);
    if (ts === undefined) this.inflight.set(key, (ts = new Set()));
    ts.add(t);
    return t;
  }

  private end(key: string, t: Ticket): void {
    const ts = this.inflight.get(key);
    if (ts === undefined) return;
    ts.delete(t);
    if (ts.size === 0) this.inflight.delete(key);
  }
}
