/**
 * The L1 coherence channel (docs/cache/DESIGN.md, section 5): one dedicated connection per master
 * that hears of every change to keys under a prefix (a cache's: its value keys), and a health rule that bounds how
 * long L1 can serve a value the server has since changed.
 *
 * Per node, on every (re)connect: UNSUBSCRIBE (the adapter may have resubscribed by itself, and
 * RESP2 allows no other command while subscribed), CLIENT ID, `CLIENT TRACKING on REDIRECT <own id>
 * BCAST PREFIX <trackPrefix>`, SUBSCRIBE __redis__:invalidate. BCAST because the toolkit reads through
 * the user's shared connection, where it must not turn tracking on; BCAST needs no reads on this
 * one. RESP2 redirect to itself because ioredis 5 speaks RESP2 only: the invalidations arrive as
 * pub/sub messages whose payload is an array of key names, or null after FLUSHALL/FLUSHDB.
 *
 * Health: a PING every staleWindow/3. A node is healthy only while it is set up and the last
 * answered PING was *sent* less than staleWindow ago (its answer comes after every invalidation
 * the server queued before it, so the pong vouches for everything up to the send). A lost
 * invalidation thus implies a lost connection or a late pong, and both empty L1 (the owner's
 * flush) within staleWindow: on 'down', on a lapse of the rule, and when setup starts again.
 *
 * Fallback where CLIENT TRACKING errors (old servers, proxies): SUBSCRIBE `<prefix>:inv` instead;
 * the toolkit then PUBLISHes each key it writes (publishWrite), writes by other programs go
 * unseen, and L1 entries live at most staleWindow (l1TtlCap).
 */
import type { DedicatedConnection, NodeHandle, RedisAdapter, Reply } from '../client/adapter.js';
import { systemToolkitClock, type TimerHandle, type ToolkitClock } from '../clock.js';
import { ReplyError } from '../../protocol/reply-decoder.js';
import { ToolkitOptionError } from '../errors.js';

export type CoherenceMode = 'tracking' | 'pubsub';

/** Why L1 must be emptied. */
export type FlushReason = 'server-flush' | 'down' | 'missed-pong' | 'reconnect' | 'closed';

/** What the channel tells its owner (the L1 tier). */
export interface InvalidationListener {
  /** These keys (L2 names) changed on the server: drop them. */
  invalidate(keys: readonly string[]): void;
  /** Anything may have changed: drop everything, and refuse fills begun before now. */
  flush(reason: FlushReason): void;
}

export interface InvalidationChannelOptions {
  adapter: RedisAdapter;
  /** The toolkit's key prefix: the pubsub fallback's channel is `<prefix>:inv`. */
  prefix: string;
  /**
   * Tracking covers the keys starting with this (default `<prefix>:`). A cache narrows it to its
   * own values, so writes to its leases or to other parts' keys cost L1 instances nothing.
   */
  trackPrefix?: string;
  listener: InvalidationListener;
  clock?: ToolkitClock;
  /** The bound on serving a changed value (ms). Default 1000. */
  staleWindowMs?: number;
  /** 'auto' (default): tracking, or pubsub where CLIENT TRACKING errors. */
  mode?: 'auto' | CoherenceMode;
}

export interface ChannelStats {
  mode: CoherenceMode;
  healthy: boolean;
  /** Messages received carrying key invalidations (not counting keys). */
  invalidationsReceived: number;
  /** Flushes asked of the owner, by reason. */
  flushes: Record<FlushReason, number>;
  /** Setups completed (1 per node at open, then one per reconnect). */
  setups: number;
}

export const TRACKING_CHANNEL = '__redis__:invalidate';
export const DEFAULT_STALE_WINDOW_MS = 1000;

type NodeState = 'setup' | 'ready' | 'down' | 'closed';

/** The channel's connection to one node. */
class NodeChannel {
  state: NodeState = 'setup';
  mode: CoherenceMode;
  clientId = 0;
  /** Send time of the newest PING answered in the current setup (or the setup's subscribe). */
  private vouched = -Infinity;
  /** Bumped on every setup and 'down': answers to older work are ignored. */
  private gen = 0;
  private subscribedTo: string | null = null;
  /** Inside a lapse of the health rule (flushed once when it began). */
  private lapsed = false;
  private readonly unhook: (() => void)[] = [];

  constructor(
    private readonly owner: InvalidationChannel,
    readonly conn: DedicatedConnection,
    /** A mode the user insisted on (no fallback), or null for auto. */
    private readonly forced: CoherenceMode | null,
  ) {
    this.mode = forced ?? 'tracking';
    this.unhook.push(
      conn.onMessage((ch, msg, payload) => this.message(ch, msg, payload)),
      conn.on('down', () => this.down()),
      conn.on('ready', () => void this.setup(true).catch(() => undefined)),
    );
  }

  healthy(now: number): boolean {
    return this.state === 'ready' && now - this.vouched < this.owner.staleWindowMs;
  }

  /** Runs the setup sequence; `again` on a reconnect (the owner flushes first). */
  async setup(again: boolean): Promise<void> {
    if (this.state === 'closed') return;
    const gen = ++this.gen;
    this.state = 'setup';
    if (again) this.owner.flush('reconnect');
    const c = this.conn;
    // Whatever the adapter resubscribed on its own must go before CLIENT commands are allowed.
    await c.unsubscribe([TRACKING_CHANNEL, this.owner.pubsubChannel]);
    this.subscribedTo = null;
    const id = await c.call(['CLIENT', 'ID']);
    if (this.mode === 'tracking') {
      try {
        await c.call(['CLIENT', 'TRACKING', 'on', 'REDIRECT', String(id), 'BCAST', 'PREFIX', this.owner.trackPrefix]);
      } catch (e) {
        if (!(e instanceof ReplyError) || this.forced === 'tracking') throw e;
        this.mode = 'pubsub';
      }
    }
    const channel = this.mode === 'tracking' ? TRACKING_CHANNEL : this.owner.pubsubChannel;
    const t = this.owner.clock.now();
    await c.subscribe([channel]);
    if (gen !== this.gen) return; // superseded by a later setup, a drop or close()
    this.clientId = Number(id);
    this.subscribedTo = channel;
    this.vouched = t;
    this.state = 'ready';
    this.owner.setups++;
  }

  /** Sends a PING (ready nodes only) and checks the health rule. */
  tick(now: number): void {
    if (this.state !== 'ready') return;
    this.checkLapse(now);
    const gen = this.gen;
    this.conn.call(['PING']).then(
      () => {
        if (gen !== this.gen || this.state !== 'ready') return;
        this.checkLapse(this.owner.clock.now());
        if (now > this.vouched) this.vouched = now;
      },
      () => undefined, // a lost connection reports 'down' itself
    );
  }

  /** Flushes once per lapse: entering one drops L1, whatever refills it later is newer. */
  private checkLapse(now: number): void {
    const late = now - this.vouched >= this.owner.staleWindowMs;
    if (late && !this.lapsed) this.owner.flush('missed-pong');
    this.lapsed = late;
  }

  private down(): void {
    if (this.state === 'closed') return;
    this.gen++;
    this.state = 'down';
    this.subscribedTo = null;
    this.owner.flush('down');
  }

  private message(channel: string, msg: string, payload: Reply): void {
    if (this.state === 'closed' || channel !== this.subscribedTo) return;
    if (channel === TRACKING_CHANNEL) {
      if (Array.isArray(payload) && payload.length !== 0) this.owner.invalidate(payload.map(String));
      else this.owner.flush('server-flush');
    } else if (msg === '') this.owner.flush('server-flush');
    else this.owner.invalidate([msg]);
  }

  async close(): Promise<void> {
    this.state = 'closed';
    this.gen++;
    for (const u of this.unhook) u();
    await this.conn.close();
  }
}

/**
 * The coherence channel over every master of an adapter. Create with `InvalidationChannel.open`;
 * the owner reads `healthy()` before serving from L1 and implements the listener.
 */
export class InvalidationChannel {
  readonly clock: ToolkitClock;
  readonly staleWindowMs: number;
  readonly prefix: string;
  readonly trackPrefix: string;
  /** The fallback channel: `<prefix>:inv`. */
  readonly pubsubChannel: string;
  setups = 0;
  private readonly nodes: NodeChannel[] = [];
  private readonly listener: InvalidationListener;
  private readonly adapter: RedisAdapter;
  private timer: TimerHandle | null = null;
  private closed = false;
  private received = 0;
  private readonly flushes: Record<FlushReason, number> = { 'server-flush': 0, down: 0, 'missed-pong': 0, reconnect: 0, closed: 0 };

  private constructor(o: InvalidationChannelOptions) {
    this.adapter = o.adapter;
    this.listener = o.listener;
    this.clock = o.clock ?? systemToolkitClock;
    this.prefix = o.prefix;
    this.trackPrefix = o.trackPrefix ?? `${o.prefix}:`;
    this.pubsubChannel = `${o.prefix}:inv`;
    this.staleWindowMs = o.staleWindowMs ?? DEFAULT_STALE_WINDOW_MS;
    if (!(this.staleWindowMs > 0) || !Number.isFinite(this.staleWindowMs)) {
      throw new ToolkitOptionError(`staleWindow must be a finite number of ms > 0, got ${this.staleWindowMs}`);
    }
  }

  /** Opens a connection per master and sets each up; resolves once all are healthy. */
  static async open(options: InvalidationChannelOptions): Promise<InvalidationChannel> {
    const ch = new InvalidationChannel(options);
    const forced = options.mode === undefined || options.mode === 'auto' ? null : options.mode;
    const nodes: NodeHandle[] = await options.adapter.nodes();
    try {
      for (const n of nodes) ch.nodes.push(new NodeChannel(ch, await n.dedicated(), forced));
      await Promise.all(ch.nodes.map((n) => n.setup(false)));
    } catch (e) {
      await ch.close();
      throw e;
    }
    ch.schedule();
    return ch;
  }

  /** Whether L1 may serve now: every node set up, connected, and vouched for within staleWindow. */
  healthy(): boolean {
    if (this.closed) return false;
    const now = this.clock.now();
    for (const n of this.nodes) if (!n.healthy(now)) return false;
    return true;
  }

  /** 'pubsub' if any node fell back (its writes are then seen only through publishWrite). */
  get mode(): CoherenceMode {
    return this.nodes.some((n) => n.mode === 'pubsub') ? 'pubsub' : 'tracking';
  }

  /** The longest an L1 entry may live: staleWindow in pubsub mode, else unbounded. */
  get l1TtlCap(): number {
    return this.mode === 'pubsub' ? this.staleWindowMs : Infinity;
  }

  /** After the toolkit's own write of `key`: tells the other instances (pubsub mode only). */
  async publishWrite(key: string): Promise<void> {
    if (this.mode === 'pubsub') await this.adapter.call(['PUBLISH', this.pubsubChannel, key]);
  }

  /** Each node connection's current CLIENT ID (tests kill them). */
  clientIds(): number[] {
    return this.nodes.map((n) => n.clientId);
  }

  stats(): ChannelStats {
    return { mode: this.mode, healthy: this.healthy(), invalidationsReceived: this.received, flushes: { ...this.flushes }, setups: this.setups };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    await Promise.all(this.nodes.map((n) => n.close().catch(() => undefined)));
    this.flush('closed');
  }

  /** @internal */
  invalidate(keys: readonly string[]): void {
    this.received++;
    this.listener.invalidate(keys);
  }

  /** @internal */
  flush(reason: FlushReason): void {
    this.flushes[reason]++;
    this.listener.flush(reason);
  }

  private schedule(): void {
    if (this.closed) return;
    this.timer = this.clock.setTimeout(() => {
      const now = this.clock.now();
      for (const n of this.nodes) n.tick(now);
      this.schedule();
    }, this.staleWindowMs / 3);
  }
}
