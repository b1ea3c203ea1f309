/**
 * Waiting for another process's fill without polling (docs/cache/DESIGN.md, section 4.1): every
 * entry has a channel; the fill, invalidate and fail scripts PUBLISH to it. One subscriber
 * connection per cache serves all waiting keys, subscribed per key while someone waits
 * (reference-counted). A subscription is active once listen() resolves, so a caller that reads
 * again after that cannot miss a fill between its two reads.
 */
import type { DedicatedConnection, RedisAdapter } from '../client/adapter.js';

type Listener = (message: string) => void;

interface Channel {
  readonly fns: Set<Listener>;
  readonly active: Promise<void>;
}

/** The message listeners get when the subscriber reconnected (messages may have been lost). */
export const RECONNECTED = 'retry';

export class FillChannels {
  private conn: Promise<DedicatedConnection> | null = null;
  private readonly channels = new Map<string, Channel>();
  private closed = false;

  constructor(private readonly adapter: RedisAdapter) {}

  private connection(): Promise<DedicatedConnection> {
    if (this.conn === null) {
      this.conn = this.adapter.dedicated().then((c) => {
        c.onMessage((ch, msg) => {
          const entry = this.channels.get(ch);
          if (entry) for (const fn of [...entry.fns]) fn(msg);
        });
        // After a reconnect, whatever was published meanwhile is lost: everyone reads again.
        c.on('ready', () => {
          for (const entry of this.channels.values()) for (const fn of [...entry.fns]) fn(RECONNECTED);
        });
        return c;
      });
      this.conn.catch(() => (this.conn = null));
    }
    return this.conn;
  }

  /** Calls fn for each message on `channel`; resolves (with a remover) once subscribed. */
  async listen(channel: string, fn: Listener): Promise<() => void> {
    let entry = this.channels.get(channel);
    if (entry === undefined) {
      const fns = new Set<Listener>();
      const active = this.connection().then((c) => c.subscribe([channel]));
      entry = { fns, active };
      this.channels.set(channel, entry);
      active.catch(() => {
        if (this.channels.get(channel) === entry) this.channels.delete(channel);
      });
    }
    entry.fns.add(fn);
    const e = entry;
    await e.active;
    return () => {
      e.fns.delete(fn);
      if (e.fns.size === 0 && this.channels.get(channel) === e) {
        this.channels.delete(channel);
        if (!this.closed) void this.connection().then((c) => c.unsubscribe([channel])).catch(() => undefined);
      }
    };
  }

  /** Channels someone is waiting on (for tests and stats). */
  get waiting(): number {
    return this.channels.size;
  }

  async close(): Promise<void> {
    this.closed = true;
    const c = this.conn;
    this.conn = null;
    if (c !== null) await (await c.catch(() => null))?.close();
  }
}
